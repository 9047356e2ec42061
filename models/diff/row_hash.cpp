#include "diff/row_hash.h"

#include "profile/sql_text.h"

namespace payops::diff {

using profile::quoteIdent;

QString canonicalColumn(const ColumnShape &column, const QString &alias)
{
    const QString c = alias + QLatin1Char('.') + quoteIdent(column.name);
    if (column.type.startsWith(u"numeric"))
        return QStringLiteral("trim_scale(%1)").arg(c);
    if (column.category == u"E")
        return c + QStringLiteral("::text");
    if (column.type == u"timestamp with time zone")
        return QStringLiteral("to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
            .arg(c);
    if (column.type == u"timestamp without time zone")
        return QStringLiteral("to_char(%1, 'YYYY-MM-DD\"T\"HH24:MI:SS.US')").arg(c);
    if (column.type == u"json" || column.type == u"jsonb")
        return c + QStringLiteral("::jsonb");
    return c + QStringLiteral("::text");
}

QString rowHashExpression(const TableShape &shape, const QString &alias)
{
    QStringList parts;
    for (const ColumnShape &column : shape.columns)
        parts << canonicalColumn(column, alias);
    return QStringLiteral("hashtextextended(jsonb_build_array(%1)::text, 0)")
        .arg(parts.join(QStringLiteral(", ")));
}

QString keyTextExpression(const TableShape &shape, const QString &alias)
{
    QStringList parts;
    for (const QString &key : shape.key)
        parts << profile::sqlLiteral(key) << alias + QLatin1Char('.') + quoteIdent(key);
    return QStringLiteral("jsonb_build_object(%1)::text").arg(parts.join(QStringLiteral(", ")));
}

} // namespace payops::diff
