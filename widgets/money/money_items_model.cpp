#include "money_items_model.h"

#include "money_words.h"

#include "core/money.h"

namespace payops {

MoneyItemsModel::MoneyItemsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MoneyItemsModel::setPlanned(const workspace::PlannedMoney &planned)
{
    beginResetModel();
    m_planned = planned;
    endResetModel();
}

int MoneyItemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_planned.plan.items.size());
}

int MoneyItemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MoneyItemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_planned.plan.items.size())
        return {};
    const money::MoneyItem &item = m_planned.plan.items[index.row()];
    const QString key = m_planned.keys.value(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Target:
            return key;
        case Account:
            return item.account;
        case Provider:
            return m_planned.providers.value(index.row());
        case Amount:
            return Money{item.amountMinor, item.currency}.toDisplayString();
        }
    }
    if (role == Qt::UserRole) {
        bool number = false;
        switch (index.column()) {
        case Target:
            if (const qlonglong n = key.toLongLong(&number); number)
                return n;
            return key;
        case Account:
            if (const qlonglong n = item.account.toLongLong(&number); number)
                return n;
            return item.account;
        case Provider:
            return m_planned.providers.value(index.row());
        case Amount:
            return qlonglong(item.amountMinor);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Provider)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant MoneyItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const bool refund = m_planned.request.operation == workspace::MoneyOperation::Refund;
    switch (section) {
    case Target:
        return money_words::target(m_planned.request.operation);
    case Account:
        return tr("Account");
    case Provider:
        return tr("Acquirer / provider");
    case Amount:
        return refund ? tr("Refundable amount") : tr("Amount to reverse");
    }
    return {};
}

} // namespace payops
