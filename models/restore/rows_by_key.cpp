#include "restore/rows_by_key.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "diff/row_hash.h"

namespace payops::restore {

namespace {

QString match(const QStringList &columns)
{
    QStringList parts;
    for (const QString &c : columns)
        parts << QStringLiteral("t.%1 = k.%1").arg(db::quoteIdent(c));
    return parts.join(QStringLiteral(" AND "));
}

ResultTable lookUp(db::Session &session, const QString &statement, const diff::TableShape &shape,
                   const QStringList &columns, const QStringList &objects)
{
    const QString sql = db::renderSql(
        db::sqlResource(statement),
        {{QStringLiteral("table"), db::qualifiedTable(shape.schema, shape.table)},
         {QStringLiteral("match"), match(columns)},
         {QStringLiteral("found_key"), diff::keyTextExpression(shape, QStringLiteral("t"))}});
    return session.query(
        sql, {QLatin1Char('[') + objects.join(QStringLiteral(", ")) + QLatin1Char(']')});
}

} // namespace

QHash<int, QString> keysPresent(db::Session &session, const diff::TableShape &shape,
                                const QStringList &columns, const QStringList &objects)
{
    QHash<int, QString> found;
    if (objects.isEmpty())
        return found;
    const ResultTable rows =
        lookUp(session, QStringLiteral("restore/rows_present"), shape, columns, objects);
    for (int r = 0; r < rows.rowCount(); ++r)
        found.insert(rows.value(r, QStringLiteral("wanted")).toInt(),
                     rows.value(r, QStringLiteral("found_key")));
    return found;
}

QHash<int, std::pair<QString, QString>> rowsPresent(db::Session &session,
                                                    const diff::TableShape &shape,
                                                    const QStringList &columns,
                                                    const QStringList &objects)
{
    QHash<int, std::pair<QString, QString>> found;
    if (objects.isEmpty())
        return found;
    const ResultTable rows =
        lookUp(session, QStringLiteral("restore/rows_by_json_key"), shape, columns, objects);
    for (int r = 0; r < rows.rowCount(); ++r)
        found.insert(rows.value(r, QStringLiteral("wanted")).toInt(),
                     {rows.value(r, QStringLiteral("found_key")),
                      rows.value(r, QStringLiteral("row_json"))});
    return found;
}

} // namespace payops::restore
