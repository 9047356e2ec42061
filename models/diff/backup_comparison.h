#pragma once

#include "diff/database_diff.h"
#include "diff/population.h"
#include "schema/schema_profile.h"

#include <atomic>
#include <functional>
#include <optional>

namespace payops::db {
class Session;
}

namespace payops::diff {

// A whole-database comparison of live with a backup (opened_backup.h):
// planned when made, every check first (planDatabaseDiff), then run table
// by table, each differing row folded into the population as it passes
// and then handed to the caller's sink. The console's comparison
// (runBackupDiff) and payops diff are both this; only what they do with
// the rows and the population differs.
class BackupComparison
{
public:
    // Checks and plans: `tables` (every keyed table when empty) on both
    // sides, then the backup (backup_check.h). Throws UserError naming what
    // is wrong; nothing is compared then.
    BackupComparison(db::Session &live, db::Session &backup, const schema::SchemaProfile &profile,
                     const QStringList &tables, const BackupTime &given);

    const DatabaseDiffPlan &plan() const { return m_plan; }

    // Compares the plan's tables; onChange (may be empty) sees each
    // differing row after the population has counted it, onProgress each
    // table's start and progress (database_diff.h). Stops with UserError
    // when `cancel` is set, from any thread.
    void run(const std::function<void(const RowChange &)> &onChange,
             const std::function<void(const DiffProgress &)> &onProgress = {},
             const std::atomic_bool *cancel = nullptr);

    // From run() on: what has been folded so far (every row of the tables
    // the progress has left), all of it once run() has returned.
    const Population &population() const;

private:
    db::Session &m_live;
    db::Session &m_backup;
    schema::SchemaProfile m_profile;
    DatabaseDiffPlan m_plan;
    std::optional<Population> m_population;
};

} // namespace payops::diff
