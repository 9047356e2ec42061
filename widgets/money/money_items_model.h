#pragma once

#include "workspace/money_request.h"

#include <QAbstractTableModel>

namespace payops {

// A money plan's items as a person reads them: what each is moved against
// (the charge refunded, the refund reversed), whose money it is, who moved
// it (the acquirer or provider the data names) and the amount with its
// currency, never minor units. Sorting (Qt::UserRole) is by the numbers
// themselves, so amounts and keys sort as numbers, not as text.
class MoneyItemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Target, Account, Amount, Provider, ColumnCount };

    explicit MoneyItemsModel(QObject *parent = nullptr);

    void setPlanned(const workspace::PlannedMoney &planned);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    workspace::PlannedMoney m_planned;
};

} // namespace payops
