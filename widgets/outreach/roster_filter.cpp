#include "roster_filter.h"

#include "roster_table_model.h"

namespace payops {

RosterFilter::RosterFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RosterTableModel::SortRole);
}

void RosterFilter::setStatus(const QString &status)
{
    m_status = status;
    invalidateFilter();
}

void RosterFilter::setAssignee(const QString &assignee)
{
    m_assignee = assignee;
    invalidateFilter();
}

bool RosterFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_status.isEmpty() && index.data(RosterTableModel::StatusRole).toString() != m_status)
        return false;
    if (m_assignee != anyone() &&
        index.data(RosterTableModel::AssigneeRole).toString() != m_assignee)
        return false;
    return true;
}

} // namespace payops
