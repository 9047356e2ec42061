#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::restore {

// One foreign key between two tables of a schema.
struct ForeignKey
{
    QString child;
    QString parent;
    QStringList childColumns;
    QStringList parentColumns;
};

QVector<ForeignKey> readForeignKeys(db::Session &session, const QString &schema);

// `tables` ordered so that every parent comes before its children (Kahn's
// order, names alphabetical among equals); tables whose keys go round are
// appended in name order and described in `cycles`.
QStringList parentsFirst(const QStringList &tables, const QVector<ForeignKey> &keys,
                         QStringList *cycles = nullptr);

} // namespace payops::restore
