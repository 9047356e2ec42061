#include "diff/backup_diff_job.h"

#include "core/connection_profile.h"
#include "core/user_error.h"
#include "db/session.h"
#include "diff/database_diff.h"
#include "diff/population.h"
#include "diff/population_findings.h"
#include "diff/user_diff.h"
#include "pgtools/archive_sandbox.h"

namespace payops::diff {

BackupDiffSummary runBackupDiff(db::Session &live, const BackupSource &backup,
                                const schema::SchemaProfile &profile,
                                const pgtools::SandboxServer &sandboxServer,
                                const std::function<void(int, const QString &)> &progress,
                                const std::atomic_bool *cancel, const QString &backupPassword)
{
    // An archive's restore is the first fifth of the bar, the diff the rest.
    const int diffStart = backup.isArchive() ? 20 : 0;
    std::unique_ptr<pgtools::ArchiveSandbox> sandbox;
    BackupTime given{backup.takenAt, BackupTime::Source::Entered};
    if (backup.isArchive()) {
        progress(0, QStringLiteral("Restoring %1 into a sandbox…").arg(backup.name));
        sandbox = std::make_unique<pgtools::ArchiveSandbox>(
            backup.location, sandboxServer, std::function<void(const QString &)>(),
            [&](double fraction) {
                progress(int(fraction * diffStart),
                         QStringLiteral("Restoring %1 into a sandbox…").arg(backup.name));
            },
            cancel);
        if (!given.isKnown() && sandbox->info().createdAt.isValid())
            given = {sandbox->info().createdAt, BackupTime::Source::Archive};
    }
    // A restored archive is read as its sandbox's own role, whose rights
    // end at that database: whatever the archive holds runs with no more.
    db::Session other(ConnectionProfile::fromUri(sandbox ? sandbox->uri() : backup.location),
                      sandbox ? sandbox->password() : backupPassword, db::SessionOptions(),
                      QStringLiteral("payops-console diff"));
    progress(diffStart,
             QStringLiteral("Checking that %1 is a backup of this database…").arg(backup.name));
    const DatabaseDiffPlan plan = planDatabaseDiff(live, other, profile, {}, given);
    Population population(userTablesFromProfile(live, profile), plan.timeColumns);
    runDatabaseDiff(
        live, other, plan, [&](const RowChange &change) { population.add(change); },
        [&](const DiffProgress &p) {
            progress(diffStart + int(p.overall() * (100 - diffStart)),
                     p.tableIndex < p.tableCount
                         ? QStringLiteral("Comparing %1 (table %2 of %3)")
                               .arg(p.table)
                               .arg(p.tableIndex + 1)
                               .arg(p.tableCount)
                         : QStringLiteral("Compared %1 tables").arg(p.tableCount));
        },
        cancel);
    BackupDiffSummary summary;
    summary.backupName = backup.name;
    summary.backupTime = plan.backupTime;
    summary.counts = population.counts;
    summary.perDay = population.perDay;
    summary.findings = populationFindings(population, profile, backup.name, plan.backupTime);
    return summary;
}

} // namespace payops::diff
