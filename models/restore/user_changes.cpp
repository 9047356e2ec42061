#include "restore/user_changes.h"

#include "diff/user_diff.h"
#include "restore/restore_planner.h"
#include "schema/schema_profile.h"

namespace payops::restore {

namespace {

QVector<diff::RowChange> mattering(const QVector<diff::UserRecord> &records,
                                   const RestorePlanner &planner)
{
    QVector<diff::RowChange> changes;
    for (const diff::UserRecord &record : records)
        if (!record.same && planner.mayMatter(record.change))
            changes << record.change;
    return changes;
}

} // namespace

QVector<diff::RowChange> changesOfUsers(db::Session &live, db::Session &backup,
                                        const schema::SchemaProfile &profile,
                                        const RestorePlanner &planner, const QSet<QString> &users,
                                        const QDateTime &backupTakenAt)
{
    // The sentinels too: their rows are where the users' moved records
    // are now, and where the rows the backup cannot attribute sit.
    QSet<QString> accounts = users;
    accounts.unite(planner.sentinelAccounts());
    QStringList ids(accounts.cbegin(), accounts.cend());
    ids.sort();
    return mattering(diff::diffUsers(live, backup, profile.schema,
                                     diff::userTablesFromProfile(live, profile), ids,
                                     backupTakenAt),
                     planner);
}

QSet<QString> ownersParkedOnSentinels(db::Session &live, db::Session &backup,
                                      const schema::SchemaProfile &profile,
                                      const RestorePlanner &planner, const QDateTime &backupTakenAt)
{
    const QSet<QString> sentinels = planner.sentinelAccounts();
    QStringList ids(sentinels.cbegin(), sentinels.cend());
    if (ids.isEmpty())
        return {};
    return planner.ownersMovedToSentinels(
        mattering(diff::diffUsers(live, backup, profile.schema,
                                  diff::userTablesFromProfile(live, profile), ids, backupTakenAt),
                  planner));
}

} // namespace payops::restore
