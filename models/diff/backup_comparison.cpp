#include "diff/backup_comparison.h"

#include "diff/user_diff.h"

#include <stdexcept>

namespace payops::diff {

BackupComparison::BackupComparison(db::Session &live, db::Session &backup,
                                   const schema::SchemaProfile &profile, const QStringList &tables,
                                   const BackupTime &given)
    : m_live(live)
    , m_backup(backup)
    , m_profile(profile)
    , m_plan(planDatabaseDiff(live, backup, profile, tables, given))
{
}

void BackupComparison::run(const std::function<void(const RowChange &)> &onChange,
                           const std::function<void(const DiffProgress &)> &onProgress,
                           const std::atomic_bool *cancel)
{
    // Read here rather than when planning: payops diff names the backup
    // and its time in between, as soon as the checks have passed.
    m_population.emplace(userTablesFromProfile(m_live, m_profile), m_plan.timeColumns);
    runDatabaseDiff(
        m_live, m_backup, m_plan,
        [&](const RowChange &change) {
            m_population->add(change);
            if (onChange)
                onChange(change);
        },
        onProgress, cancel);
}

const Population &BackupComparison::population() const
{
    if (!m_population)
        throw std::logic_error("BackupComparison::population() before run()");
    return *m_population;
}

} // namespace payops::diff
