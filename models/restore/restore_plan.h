#pragma once

#include "core/money.h"

#include <QMap>
#include <QMetaType>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

#include <utility>

namespace payops::restore {

// One row to put back, as a frozen batch item: the approver signs exactly
// this row or these values.
struct PlanItem
{
    enum class Kind { Insert, Update };
    Kind kind = Kind::Insert;
    QString table;  // schema-qualified, quoted as SQL needs it: public.accounts
    QString key;    // canonical JSON of the primary key: {"id": 5}
    QString change; // the item's change JSON (payops.apply_change)
    QString user;   // the account concerned, as the backup has it
    QString why;    // "deleted since the backup", "moved to account 1", ...
    // The money the row carries (a charge, a refund, a payout), for the
    // plan's totals; empty currency when none.
    QString currency;
    qint64 amountMinor = 0;
};

// A row the plan will not touch, and why: never forced.
struct PlanConflict
{
    QString table;
    QString key;
    QString reason; // key_reused, unique_taken, changed_since, parent_missing
    QString detail; // in words
};

// A row the backup cannot speak for: created after it was taken and parked
// on a sentinel account, so whose it was cannot be read from the backup.
struct UnresolvedRow
{
    QString table;
    QString key;
    QString evidence; // the row as live holds it (JSON)
};

// A restore, planned: ordered items (parents before children, then the
// values put back), what it will not do, and what it cannot.
struct RestorePlan
{
    QVector<PlanItem> items;
    QVector<PlanConflict> conflicts;
    QVector<UnresolvedRow> unresolved;
    QStringList tableOrder; // parents first
    QStringList cycles;     // tables whose foreign keys go round, in words
    QSet<QString> users;
    MoneyTotals money; // the amounts of the rows put back or moved back, per currency
    // Changed rows last changed before the incident started: ordinary work
    // since the backup, left as they are.
    qint64 changedBeforeIncident = 0;

    // Tables in the order the items run, with how many each.
    QVector<std::pair<QString, qint64>> itemsPerTable() const;
    QMap<QString, qint64> conflictsPerReason() const;
    QMap<QString, qint64> unresolvedPerTable() const;
    // "312 accounts, 624 service links put back; 9,038 records moved back; 12 conflicts"
    QString summary() const;
    bool isFieldRestoreOnly() const;
    // The batch's description as the approver reads it: where from, what,
    // and the money the rows carry (they move no money themselves).
    QString description(const QString &backupName) const;
};

} // namespace payops::restore

Q_DECLARE_METATYPE(payops::restore::RestorePlan)
