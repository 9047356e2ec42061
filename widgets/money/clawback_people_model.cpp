#include "clawback_people_model.h"

#include "core/money.h"

#include <QColor>

namespace payops {

ClawbackPeopleModel::ClawbackPeopleModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ClawbackPeopleModel::setPlanned(const workspace::PlannedMoney &planned)
{
    beginResetModel();
    m_people = planned.people;
    m_contacts = planned.contacts;
    endResetModel();
}

int ClawbackPeopleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_people.size());
}

int ClawbackPeopleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClawbackPeopleModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_people.size())
        return {};
    const money::ClawbackPerson &p = m_people[index.row()];
    const auto minor = [&p](int column) -> qint64 {
        switch (column) {
        case PaidTwice:
            return p.duplicateMinor;
        case Balance:
            return p.balanceMinor;
        case MovedOut:
            return p.movedOutMinor;
        case Recoverable:
            return p.recoverableMinor;
        case WriteOff:
            return p.unrecoverableMinor();
        }
        return 0;
    };
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        if (index.column() == Account)
            return p.account;
        if (index.column() == Email)
            return m_contacts.value(p.account).email;
        return Money{minor(index.column()), p.currency}.toDisplayString();
    }
    if (role == Qt::UserRole) {
        if (index.column() == Account) {
            bool number = false;
            const qlonglong n = p.account.toLongLong(&number);
            return number ? QVariant(n) : QVariant(p.account);
        }
        if (index.column() == Email)
            return m_contacts.value(p.account).email;
        return qlonglong(minor(index.column()));
    }
    if (role == Qt::TextAlignmentRole && index.column() != Email)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    // What cannot be taken back stands out: finance writes it off.
    if (role == Qt::ForegroundRole && index.column() == WriteOff && p.unrecoverableMinor() > 0)
        return QColor(0x8e, 0x00, 0x00);
    return {};
}

QVariant ClawbackPeopleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Account:
        return tr("Investor");
    case Email:
        return tr("E-mail");
    case PaidTwice:
        return tr("Paid twice");
    case Balance:
        return tr("Balance now");
    case MovedOut:
        return tr("Moved out since");
    case Recoverable:
        return tr("Recoverable now");
    case WriteOff:
        return tr("To write off");
    }
    return {};
}

} // namespace payops
