#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace payops {

// A page of query results as text, column-stored for cheap item models.
// NULL is kept apart from the empty string.
struct ResultTable
{
    QStringList columns;
    QVector<QVector<QString>> rows; // rows[r][c]; a null QString means SQL NULL
    int rowCount() const { return rows.size(); }
};

} // namespace payops

#include <QMetaType>
Q_DECLARE_METATYPE(payops::ResultTable)
