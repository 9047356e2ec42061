#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

namespace payops {

// A plain table of text for the wizard's pages: headers people read and
// rows of already formatted cells. Column-stored rows are cheap enough
// for a plan's tens of thousands of items.
class RowsTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit RowsTableModel(const QStringList &headers, QObject *parent = nullptr);

    void setRows(QVector<QStringList> rows);
    // Columns whose cells are numbers or amounts: aligned right.
    void setRightAligned(const QList<int> &columns) { m_rightAligned = columns; }
    const QVector<QStringList> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_headers;
    QVector<QStringList> m_rows;
    QList<int> m_rightAligned;
};

} // namespace payops
