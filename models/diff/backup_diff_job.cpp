#include "diff/backup_diff_job.h"

#include "diff/backup_comparison.h"
#include "diff/opened_backup.h"
#include "diff/population_findings.h"

namespace payops::diff {

BackupDiffSummary runBackupDiff(db::Session &live, const BackupSource &backup,
                                const schema::SchemaProfile &profile,
                                const pgtools::SandboxServer &sandboxServer,
                                const std::function<void(int, const QString &)> &progress,
                                const std::atomic_bool *cancel, const QString &backupPassword)
{
    // An archive's restore is the first fifth of the bar, the diff the rest.
    const int diffStart = backup.isArchive() ? 20 : 0;
    const QString restoring = QStringLiteral("Restoring %1 into a sandbox…").arg(backup.name);
    if (backup.isArchive())
        progress(0, restoring);
    BackupOpenOptions options;
    options.sandboxServer = sandboxServer;
    options.restoreProgress = [&](double fraction) {
        progress(int(fraction * diffStart), restoring);
    };
    options.cancel = cancel;
    options.password = backupPassword;
    OpenedBackup opened(backup, options);
    db::Session &other = opened.connect(QStringLiteral("payops-console diff"));
    progress(diffStart,
             QStringLiteral("Checking that %1 is a backup of this database…").arg(backup.name));
    BackupComparison comparison(live, other, profile, {}, opened.givenTime());
    comparison.run(
        {},
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
    summary.backupTime = comparison.plan().backupTime;
    summary.counts = comparison.population().counts;
    summary.perDay = comparison.population().perDay;
    summary.findings =
        populationFindings(comparison.population(), profile, backup.name, summary.backupTime);
    return summary;
}

} // namespace payops::diff
