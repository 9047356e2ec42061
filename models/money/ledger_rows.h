#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::money {

// A billing table that money batches write rows into (refunds, balance
// movements): its columns, the next key to number a new row with, and
// the values given for columns the schema profile does not map.
class LedgerTable
{
public:
    // Reads the table's columns and highest key. `mapped` are the columns
    // the plan fills itself; every other column that must hold a value
    // needs one in `values` (COLUMN -> text), else UserError names them
    // (hint: `valuesOption`, the option that gives them). The key must be
    // an integer, so new rows can be numbered after the highest one (a
    // key taken by then is a conflict at apply time, never overwritten).
    LedgerTable(db::Session &live, const QString &schema, const QString &table,
                const QString &keyColumn, const QStringList &mapped,
                const QMap<QString, QString> &values, const QString &valuesOption);

    QString qualifiedName() const { return m_qualified; } // public.refunds
    QString keyColumn() const { return m_keyColumn; }
    qint64 takeNextKey() { return ++m_lastKey; }
    // A whole row: `filled` for the mapped columns, the given values for
    // the others, NULL for the rest.
    QJsonObject row(const QMap<QString, QJsonValue> &filled) const;

private:
    QString m_qualified;
    QString m_keyColumn;
    QStringList m_columns;
    QMap<QString, QString> m_values;
    qint64 m_lastKey = 0;
};

} // namespace payops::money
