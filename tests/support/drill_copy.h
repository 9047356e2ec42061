#pragma once

#include <QString>

namespace payops::test {

// A database of the test's own on the demo cluster, copied from
// billing_drill (the finished demo, incidents and all), with a second
// approver: large money batches need two people who did not build them.
// Money and restores executed there leave the demo as it was. The
// destructor drops the copy and the role.
class DrillCopy
{
public:
    explicit DrillCopy(const QString &tag);
    ~DrillCopy();
    DrillCopy(const DrillCopy &) = delete;
    DrillCopy &operator=(const DrillCopy &) = delete;

    QString database() const { return m_database; }
    // The copy as one of the demo's people (oncall, support, finance) or
    // "finance2", the second approver; "admin" is the cluster owner.
    QString uri(const QString &who) const;
    // One value of a query run as the cluster owner on the copy.
    QString value(const QString &sql) const;

private:
    QString m_database;
    QString m_secondApprover;
};

} // namespace payops::test
