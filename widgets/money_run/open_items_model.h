#pragma once

#include "workspace/money_run_values.h"

#include <QAbstractTableModel>
#include <QVector>

namespace payops {

// One list of a money batch's open items (sent with no answer, nothing at
// the provider, or held), in columns people read: the amount with its
// currency, what it concerns, the key it was sent under and what is known.
class OpenItemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Held items were never sent: they show why they wait instead of a key.
    enum class Kind { Sent, Held };
    explicit OpenItemsModel(Kind kind, QObject *parent = nullptr);

    void setItems(const QVector<workspace::OpenMoneyItem> &items);
    const QVector<workspace::OpenMoneyItem> &items() const { return m_items; }
    // The item on a row; 0 for none.
    int itemNoAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    Kind m_kind;
    QVector<workspace::OpenMoneyItem> m_items;
};

} // namespace payops
