#pragma once

#include <QSortFilterProxyModel>

namespace payops {

// The roster narrowed to one status and one assignee, sorted by the
// model's SortRole (numbers as numbers).
class RosterFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    // Assignee filters: a name, or one of these.
    static QString anyone() { return QStringLiteral("*"); }
    static QString nobody() { return QString(); }

    explicit RosterFilter(QObject *parent = nullptr);

    // A status code, or empty for every status.
    void setStatus(const QString &status);
    void setAssignee(const QString &assignee);
    QString status() const { return m_status; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_status;
    QString m_assignee = anyone();
};

} // namespace payops
