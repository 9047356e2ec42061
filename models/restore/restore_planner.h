#pragma once

#include "diff/table_differ.h"
#include "restore/restore_plan.h"

#include <QDateTime>
#include <QMap>
#include <QSet>

#include <memory>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::restore {

// What the operator chose to put back, from a finding (the users who lost
// records; a field overwritten in many rows), from the whole comparison (by
// table), or from one user's records.
struct RestoreSelection
{
    bool deletedRows = true; // rows deleted since the backup, put back whole
    bool movedRows = true;   // rows moved to another owner, given back to theirs
    QSet<QString> users;     // only rows of these accounts (as the backup has them); empty: any
    QStringList tables;      // only these tables; empty: every compared table
    // Changed rows: these columns put back to their backup value (table -> columns).
    QMap<QString, QStringList> fields;
    QSet<QString> rows; // only these rows, as "table|key"; empty: any
    // The incident's window, judged on a changed row's last-change time
    // (updated_at, modified_at, changed_at): a row last changed after its
    // end changed again after the incident (newer work, a conflict, never
    // overwritten); one last changed before its start was changed by
    // ordinary work since the backup, not by the incident, and is left out.
    // Invalid ends are not judged at plan time (the apply still refuses a
    // row that changed since the plan).
    QDateTime incidentStart;
    QDateTime incidentEnd;
};

// Plans restores from what a comparison found, on the tables of `shapes`:
// rows deleted since the backup put back whole (the backup's row, frozen),
// rows moved to another owner given back, chosen fields put back; each
// checked against live now (a key reused, a unique value taken, a parent
// missing: conflicts, with their reason), with the parents a row needs
// that are themselves deleted added and said why, in foreign-key order,
// parents first. Rows created after the backup and parked on a sentinel
// account are listed as unresolved: the backup cannot say whose they were.
// Reads both databases; writes nothing.
class RestorePlanner
{
public:
    RestorePlanner(db::Session &live, db::Session &backup, const schema::SchemaProfile &profile,
                   const QVector<diff::TableShape> &shapes);
    ~RestorePlanner();

    // Whether a row of a comparison may matter to a plan (deleted, changed,
    // or parked on a sentinel account): a caller streaming a whole
    // comparison keeps only these.
    bool mayMatter(const diff::RowChange &change) const;
    // The accounts whose rows were moved to a sentinel account: those a
    // sync job deleted (incident 1), told apart from accounts deleted at
    // their owner's request, whose records are not parked anywhere.
    QSet<QString> ownersMovedToSentinels(const QVector<diff::RowChange> &changes) const;
    // The catch-all accounts records of deleted accounts are parked on.
    QSet<QString> sentinelAccounts() const;

    RestorePlan plan(const QVector<diff::RowChange> &changes, const RestoreSelection &selection);

    struct Context;

private:
    std::unique_ptr<Context> m_context;
};

// The column that says when a row last changed, if the table has one by a
// common name (updated_at, modified_at, changed_at, last_modified); empty
// when it has none.
QString lastChangeColumn(const diff::TableShape &shape);

} // namespace payops::restore
