#include "roster_table_model.h"

#include "core/user_error.h"
#include "outreach/impact.h"
#include "outreach/status_words.h"

#include <QFont>
#include <QSet>

namespace payops {

namespace {

QString nextStepText(const outreach::RosterPerson &p)
{
    if (!p.nextStepAt.isValid())
        return p.nextStep;
    // The date first: it is what support plans by, and a long step is cut at its end.
    const QString when = p.nextStepAt.toUTC().toString(QStringLiteral("d MMM yyyy HH:mm"));
    return p.nextStep.isEmpty() ? when : QStringLiteral("%1 · %2").arg(when, p.nextStep);
}

} // namespace

RosterTableModel::RosterTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RosterTableModel::setPeople(qint64 caseId, const QVector<outreach::RosterPerson> &people)
{
    beginResetModel();
    m_caseId = caseId;
    m_rows.clear();
    m_rowOfAccount.clear();
    m_numericAccounts = !people.isEmpty();
    for (const outreach::RosterPerson &p : people) {
        Row row;
        row.person = p;
        try {
            const outreach::Impact impact = outreach::readImpact(p.impact);
            row.amount = outreach::amountsText(impact.amounts);
            row.amountRank = stakeRank(impact.amounts);
            row.contactsNote = outreach::contactsNote(impact);
            if (impact.recoverable)
                row.amountTip =
                    tr("Recoverable now: %1").arg(impact.recoverable->toDisplayString());
            if (impact.unrecoverable && impact.unrecoverable->minor != 0)
                row.amountTip += tr("\nWithdrawn or reinvested since: %1")
                                     .arg(impact.unrecoverable->toDisplayString());
        } catch (const UserError &e) {
            row.amount = tr("unreadable");
            row.amountTip = e.message();
        }
        bool numeric = false;
        row.accountNumber = p.account.toLongLong(&numeric);
        m_numericAccounts = m_numericAccounts && numeric;
        m_rowOfAccount.insert(p.account, m_rows.size());
        m_rows.append(row);
    }
    endResetModel();
}

void RosterTableModel::clear()
{
    setPeople(0, {});
}

int RosterTableModel::rowOf(const QString &account) const
{
    return m_rowOfAccount.value(account, -1);
}

QMap<QString, int> RosterTableModel::countsPerStatus() const
{
    QMap<QString, int> counts;
    for (const QString &status : outreach::outreachStatuses())
        counts.insert(status, 0);
    for (const Row &row : m_rows)
        ++counts[row.person.status];
    return counts;
}

QStringList RosterTableModel::assignees() const
{
    QSet<QString> names;
    for (const Row &row : m_rows)
        if (!row.person.assignee.isEmpty())
            names.insert(row.person.assignee);
    QStringList sorted(names.cbegin(), names.cend());
    sorted.sort();
    return sorted;
}

int RosterTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int RosterTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RosterTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const outreach::RosterPerson &p = row.person;
    switch (role) {
    case StatusRole:
        return p.status;
    case AssigneeRole:
        return p.assignee;
    case AccountRole:
        return p.account;
    case Qt::TextAlignmentRole:
        return index.column() == Amount ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                        : QVariant();
    case Qt::FontRole:
        // Contacts from a backup are older than the rest: shown apart.
        if (!row.contactsNote.isEmpty() &&
            (index.column() == Name || index.column() == Email || index.column() == Phone)) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Amount)
            return row.amountTip;
        if (!row.contactsNote.isEmpty() &&
            (index.column() == Name || index.column() == Email || index.column() == Phone))
            return QStringLiteral("%1\n%2").arg(data(index, Qt::DisplayRole).toString(),
                                                row.contactsNote);
        // Cut text is read whole in the tooltip.
        return index.column() == NextStep || index.column() == Name || index.column() == Email
                   ? data(index, Qt::DisplayRole)
                   : QVariant();
    case SortRole:
        switch (index.column()) {
        case Account:
            return m_numericAccounts ? QVariant(row.accountNumber) : QVariant(p.account);
        case Status:
            return int(outreach::outreachStatuses().indexOf(p.status));
        case NextStep:
            return p.nextStepAt.isValid() ? p.nextStepAt.toUTC().toString(Qt::ISODate) + p.nextStep
                                          : QStringLiteral("~") + p.nextStep; // undated steps last
        case Amount:
            return row.amountRank;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case Account:
            return p.account;
        case Name:
            return p.name;
        case Email:
            return p.email;
        case Phone:
            return p.phone;
        case Status:
            return outreach::statusWords(p.status);
        case Assignee:
            return p.assignee;
        case NextStep:
            return nextStepText(p);
        case Amount:
            return row.amount;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant RosterTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Account:
        return tr("Account");
    case Name:
        return tr("Name");
    case Email:
        return tr("E-mail");
    case Phone:
        return tr("Phone");
    case Status:
        return tr("Status");
    case Assignee:
        return tr("Assignee");
    case NextStep:
        return tr("Next step (UTC)");
    case Amount:
        return tr("Amount");
    }
    return {};
}

} // namespace payops
