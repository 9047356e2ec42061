#include "diff/table_shape.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "diff/diff_sql.h"

#include <QMap>

#include <algorithm>

namespace payops::diff {

bool TableShape::splittable() const
{
    for (const ColumnShape &c : columns)
        if (!key.isEmpty() && c.name == key.first())
            return c.type == u"bigint" || c.type == u"integer" || c.type == u"smallint";
    return false;
}

TableShape readTableShape(db::Session &session, const QString &schema, const QString &table)
{
    const ResultTable rows =
        session.query(diffSql(QStringLiteral("table_columns")), {schema, table});
    if (rows.rows.isEmpty())
        throw UserError(
            QStringLiteral("There is no table %1.%2 here.").arg(schema, table),
            QStringLiteral("Check the table name, and that this is the right database."));
    if (rows.rows[0][4] != u"t")
        throw UserError(QStringLiteral("This role may not read %1.%2.").arg(schema, table),
                        QStringLiteral("Ask for SELECT on it (payops grant viewer USER)."));
    TableShape shape{schema, table, {}, {}};
    QMap<int, QString> keyByPosition;
    for (const auto &row : rows.rows) {
        shape.columns.append({row[0], row[1], row[2]});
        if (!row[3].isNull())
            keyByPosition.insert(row[3].toInt(), row[0]);
    }
    shape.key = keyByPosition.values();
    if (shape.key.isEmpty())
        throw UserError(
            QStringLiteral("%1.%2 has no primary key, so its rows cannot be matched.")
                .arg(schema, table),
            QStringLiteral("Leave it out of the diff (--table), or give it a primary key."));
    return shape;
}

bool tableExists(db::Session &session, const QString &qualifiedTable)
{
    return session.query(diffSql(QStringLiteral("table_exists")), {qualifiedTable})
               .rows.value(0)
               .value(0) == u"t";
}

QStringList tablesWithKeys(db::Session &session, const QString &schema)
{
    QStringList tables;
    for (const auto &row : session.query(diffSql(QStringLiteral("keyed_tables")), {schema}).rows)
        tables << row[0];
    return tables;
}

QStringList shapeMismatches(const TableShape &live, const TableShape &backup)
{
    QStringList problems;
    const QString name = live.schema + QLatin1Char('.') + live.table;
    if (live.key != backup.key)
        problems << QStringLiteral("%1 is keyed by (%2) live but by (%3) in the backup")
                        .arg(name, live.key.join(QStringLiteral(", ")),
                             backup.key.join(QStringLiteral(", ")));
    for (const ColumnShape &c : live.columns) {
        const auto other = std::find_if(backup.columns.cbegin(), backup.columns.cend(),
                                        [&](const ColumnShape &b) { return b.name == c.name; });
        if (other == backup.columns.cend())
            problems << QStringLiteral("the backup's %1 has no column %2").arg(name, c.name);
        else if (other->type != c.type)
            problems << QStringLiteral("%1.%2 is %3 live but %4 in the backup")
                            .arg(name, c.name, c.type, other->type);
    }
    for (const ColumnShape &c : backup.columns)
        if (std::none_of(live.columns.cbegin(), live.columns.cend(),
                         [&](const ColumnShape &l) { return l.name == c.name; }))
            problems << QStringLiteral("live %1 has no column %2, which the backup has")
                            .arg(name, c.name);
    return problems;
}

} // namespace payops::diff
