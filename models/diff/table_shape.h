#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::diff {

struct ColumnShape
{
    QString name;
    QString type;     // format_type: "bigint", "numeric(12,2)", "account_status"
    QString category; // pg_type.typcategory: N numeric, E enum, D date/time, ...
};

// What a table looks like for a diff: its primary key and its columns in
// order, read from the catalog.
struct TableShape
{
    QString schema;
    QString table;
    QStringList key;
    QVector<ColumnShape> columns;

    // The first key column is an integer: key ranges can be split by value.
    bool splittable() const;
};

// Throws UserError when the table does not exist, cannot be read or has no
// primary key.
TableShape readTableShape(db::Session &session, const QString &schema, const QString &table);
// Whether the session sees the table (schema-qualified, quoted name).
bool tableExists(db::Session &session, const QString &qualifiedTable);
// Every table of the schema that has a primary key, in name order.
QStringList tablesWithKeys(db::Session &session, const QString &schema);
// What differs between the live and the backup shape, one sentence each
// (a missing column, a changed type, another key).
QStringList shapeMismatches(const TableShape &live, const TableShape &backup);

} // namespace payops::diff
