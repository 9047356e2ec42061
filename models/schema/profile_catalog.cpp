#include "schema/profile_catalog.h"

#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"

#include <QSet>

namespace payops::schema {

namespace {

struct ColumnInfo
{
    QString type;     // format_type: "bigint", "timestamp with time zone"
    QString category; // pg_type.typcategory
};

bool fitsClass(const ColumnInfo &column, const QString &typeClass)
{
    if (typeClass == u"integer")
        return column.type == u"bigint" || column.type == u"integer" || column.type == u"smallint";
    if (typeClass == u"time")
        return column.category == u"D" && !column.type.startsWith(u"time ") &&
               column.type != u"time";
    if (typeClass == u"text")
        return column.category == u"S" || column.category == u"E";
    if (typeClass == u"flag")
        return column.type == u"boolean";
    // Any scalar a key, a reference or a code is stored in: uuid keys are
    // common; arrays, composites and binary data are not values to compare.
    return column.type == u"uuid" ||
           (column.category != u"A" && column.category != u"U" && column.category != u"C");
}

// A column the console must never read: binary or encrypted contents
// (bytea) have no value an operator could compare or show.
bool isBinary(const ColumnInfo &column)
{
    return column.type == u"bytea";
}

QString classWords(const QString &typeClass)
{
    if (typeClass == u"integer")
        return QStringLiteral("smallint, integer or bigint (money in integer minor units)");
    if (typeClass == u"time")
        return QStringLiteral("a timestamp or date");
    if (typeClass == u"text")
        return QStringLiteral("text, varchar, char or an enum");
    if (typeClass == u"flag")
        return QStringLiteral("boolean");
    return QStringLiteral("a scalar type (a number, text, uuid, date or enum)");
}

} // namespace

QStringList catalogProblems(db::Session &session, const SchemaProfile &profile)
{
    const QVector<SchemaProfile::ColumnNeed> needs = profile.columnNeeds();
    QStringList tables;
    for (const auto &need : needs)
        if (!tables.contains(need.table))
            tables << need.table;

    const ResultTable schemaRow = session.query(
        QStringLiteral(
            "SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = $1"),
        {profile.schema});
    if (schemaRow.rows.isEmpty())
        return {QStringLiteral("the schema \"%1\" does not exist in this database")
                    .arg(profile.schema)};
    if (schemaRow.rows[0][0] != u"t")
        return {QStringLiteral("this role may not use the schema \"%1\"").arg(profile.schema)};

    const ResultTable catalog = session.query(
        QStringLiteral(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory,\n"
            "       has_table_privilege(c.oid, 'SELECT')\n"
            "FROM pg_class c\n"
            "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
            "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
            "a.attisdropped\n"
            "LEFT JOIN pg_type t ON t.oid = a.atttypid\n"
            "WHERE n.nspname = $1 AND c.relname = ANY ($2::text[])\n"
            "  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"),
        {profile.schema, db::textArrayLiteral(tables)});
    QHash<QString, QHash<QString, ColumnInfo>> columns;
    QSet<QString> readable;
    for (const auto &row : catalog.rows) {
        columns[row[0]].insert(row[1], {row[2], row[3]});
        if (row[4] == u"t")
            readable.insert(row[0]);
    }

    QStringList problems;
    QSet<QString> reportedTables;
    QSet<QString> reportedColumns;
    for (const auto &need : needs) {
        if (!columns.contains(need.table)) {
            if (!reportedTables.contains(need.table))
                problems << QStringLiteral("table \"%1\" (%2) does not exist in schema \"%3\"")
                                .arg(need.table, need.usedFor, profile.schema);
            reportedTables.insert(need.table);
            continue;
        }
        if (!readable.contains(need.table)) {
            if (!reportedTables.contains(need.table))
                problems << QStringLiteral("this role may not read table \"%1\"").arg(need.table);
            reportedTables.insert(need.table);
            continue;
        }
        const QString columnId = need.table + QLatin1Char('.') + need.column;
        const auto column = columns[need.table].constFind(need.column);
        if (column == columns[need.table].cend()) {
            if (!reportedColumns.contains(columnId))
                problems << QStringLiteral("column \"%1\" (%2) does not exist in table \"%3\"")
                                .arg(need.column, need.usedFor, need.table);
            reportedColumns.insert(columnId);
            continue;
        }
        if (isBinary(column.value()) && !reportedColumns.contains(columnId)) {
            problems << QStringLiteral("%1.%2 (%3) is binary (%4), perhaps encrypted: the console "
                                       "cannot compare or show it; leave it out of the profile")
                            .arg(need.table, need.column, need.usedFor, column.value().type);
            reportedColumns.insert(columnId);
            continue;
        }
        if (!fitsClass(column.value(), need.typeClass) && !reportedColumns.contains(columnId)) {
            problems << QStringLiteral("%1.%2 (%3) is %4; it must be %5")
                            .arg(need.table, need.column, need.usedFor, column.value().type,
                                 classWords(need.typeClass));
            reportedColumns.insert(columnId);
        }
    }
    return problems;
}

void checkAgainstCatalog(db::Session &session, const SchemaProfile &profile)
{
    const QStringList problems = catalogProblems(session, profile);
    if (problems.isEmpty())
        return;
    throw UserError(QStringLiteral("The schema profile \"%1\" does not fit this database: %2.")
                        .arg(profile.name, problems.join(QStringLiteral("; "))),
                    QStringLiteral("Correct the profile (or connect to the database it describes); "
                                   "no detector was run."));
}

} // namespace payops::schema
