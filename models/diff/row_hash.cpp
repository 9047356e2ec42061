#include "diff/row_hash.h"

#include "db/sql_text.h"
#include "diff/diff_sql.h"

namespace payops::diff {

using db::quoteIdent;

QString canonicalColumn(const ColumnShape &column, const QString &alias)
{
    const QString c = alias + QLatin1Char('.') + quoteIdent(column.name);
    // Enums hash by OID, which a restore changes: hash the label.
    if (column.category == u"E")
        return c + QStringLiteral("::text");
    // json has no hash function; jsonb ignores key order and spacing.
    if (column.type == u"json")
        return c + QStringLiteral("::jsonb");
    // Numbers (hash_numeric ignores trailing zeros: 1.50 and 1.5 hash
    // alike), strings, times (their hash is of the instant, never of the
    // session's TimeZone or DateStyle), booleans, uuid, jsonb and bytea
    // hash as they are.
    static const QStringList hashable = {QStringLiteral("uuid"), QStringLiteral("jsonb"),
                                         QStringLiteral("bytea")};
    if (column.category == u"N" || column.category == u"S" || column.category == u"D" ||
        column.category == u"B" || hashable.contains(column.type))
        return c;
    return c + QStringLiteral("::text"); // anything else by its text
}

QString rowHashExpression(const TableShape &shape, const QString &alias)
{
    QStringList parts;
    for (const ColumnShape &column : shape.columns)
        parts << canonicalColumn(column, alias);
    return QStringLiteral("hash_record_extended(ROW(%1), 0)").arg(parts.join(QStringLiteral(", ")));
}

QString checksumColumns(const QString &hashExpression)
{
    return QStringLiteral("count(*), bit_xor(%1)::text").arg(hashExpression);
}

QString wholeTableChecksumSql(const TableShape &shape)
{
    return diffSql(QStringLiteral("table_checksum"),
                   {{QStringLiteral("checksum"),
                     checksumColumns(rowHashExpression(shape, QStringLiteral("t")))},
                    {QStringLiteral("table"), db::qualifiedTable(shape.schema, shape.table)}});
}

QString scanSettingsSql(qint64 rows)
{
    // PostgreSQL's JIT compiles the row hash, the grouping and the
    // aggregates once, in about 0.2 s with inlining and optimisation, and
    // then saves a quarter of a grouped pass over 10M rows; below a few
    // million rows the compiling costs more than it saves, and the short
    // queries after the first pass would each pay it again.
    constexpr qint64 kCompileFromRows = 4'000'000;
    const bool compile = rows >= kCompileFromRows;
    return diffSql(QStringLiteral("scan_settings"),
                   {{QStringLiteral("jit"),
                     db::sqlLiteral(compile ? QStringLiteral("on") : QStringLiteral("off"))}});
}

QString keyTextExpression(const TableShape &shape, const QString &alias)
{
    QStringList parts;
    for (const QString &key : shape.key)
        parts << db::sqlLiteral(key) << alias + QLatin1Char('.') + quoteIdent(key);
    return QStringLiteral("jsonb_build_object(%1)::text").arg(parts.join(QStringLiteral(", ")));
}

} // namespace payops::diff
