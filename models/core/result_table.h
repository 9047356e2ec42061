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

    // The index of a column by its name in the SQL (its alias). Throws
    // UserError naming the missing column and the ones there are: code that
    // reads by name breaks loudly when its SQL file changes, instead of
    // reading the neighbouring column.
    int column(const QString &name) const;
    // The value in a named column; a null QString (SQL NULL) for a row past
    // the end, as QVector::value gives.
    QString value(int row, const QString &column) const;
};

} // namespace payops

#include <QMetaType>
Q_DECLARE_METATYPE(payops::ResultTable)
