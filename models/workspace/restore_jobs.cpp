#include "workspace/restore_jobs.h"

#include "core/connection_secrets.h"
#include "core/finding.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "diff/backup_comparison.h"
#include "diff/opened_backup.h"
#include "diff/user_diff.h"
#include "ops/batch_review.h"
#include "ops/cases.h"
#include "ops/role_grants.h"
#include "restore/restore_batch.h"
#include "restore/restore_planner.h"
#include "restore/restore_verify.h"
#include "restore/user_changes.h"

namespace payops::workspace {

namespace {

const QString kApplication = QStringLiteral("payops-console restore");

// The tables a selection needs compared: those named, the fields' tables,
// and, for accounts, every table that holds an account's key; none named
// means every keyed table. The same rule as payops restore plan.
QStringList tablesToCompare(db::Session &live, const schema::SchemaProfile &profile,
                            const restore::RestoreSelection &selection, bool users)
{
    QStringList wanted = selection.tables;
    for (auto it = selection.fields.cbegin(); it != selection.fields.cend(); ++it)
        if (!wanted.contains(it.key()))
            wanted << it.key();
    if (users && selection.tables.isEmpty())
        for (const diff::UserTable &t : diff::userTablesFromProfile(live, profile))
            if (!wanted.contains(t.table))
                wanted << t.table;
    return wanted;
}

diff::BackupOpenOptions openOptions(const pgtools::SandboxServer &sandbox, const QString &password,
                                    const std::atomic_bool *cancel)
{
    diff::BackupOpenOptions options;
    options.sandboxServer = sandbox;
    options.password = password;
    options.cancel = cancel;
    return options;
}

} // namespace

db::DbWorker::Job usersOfRowsJob(const QString &rowsSql)
{
    return [rowsSql](db::Session &live, const db::JobProgress &) {
        // A finding's rows SQL is self-contained and read-only; wrapped as
        // payops restore plan --users-of-rows wraps it.
        const ResultTable found = live.query(
            QStringLiteral("SELECT r.user_id::text AS user_id, count(*) AS row_count FROM (\n") +
            rowsSql +
            QStringLiteral("\n) AS r WHERE r.user_id IS NOT NULL GROUP BY 1 "
                           "ORDER BY 2 DESC, length(r.user_id::text), 1"));
        QVector<UserRows> users;
        users.reserve(found.rowCount());
        for (const auto &row : found.rows)
            users.append({row[0], row[1].toLongLong()});
        return QVariant::fromValue(users);
    };
}

db::DbWorker::Job planRestoreJob(const RestoreRequest &request,
                                 const schema::SchemaProfile &profile,
                                 const pgtools::SandboxServer &sandbox,
                                 const QString &backupPassword,
                                 std::shared_ptr<std::atomic_bool> cancel)
{
    return [request, profile, sandbox, backupPassword, cancel](db::Session &live,
                                                               const db::JobProgress &progress) {
        // An archive's restore is the first fifth of the bar, the
        // comparison most of the rest, the planning the end.
        const int compareStart = request.backup.isArchive() ? 20 : 0;
        diff::BackupOpenOptions options = openOptions(sandbox, backupPassword, cancel.get());
        options.restoreProgress = [&](double fraction) {
            progress.report(
                int(fraction * compareStart),
                QStringLiteral("Restoring %1 into a sandbox…").arg(request.backup.name));
        };
        diff::OpenedBackup opened(request.backup, options);
        db::Session &backup = opened.connect(kApplication);
        restore::RestoreSelection selection = request.selection;
        progress.report(compareStart, QStringLiteral("Checking that %1 is a backup of this "
                                                     "database…")
                                          .arg(request.backup.name));
        diff::BackupComparison comparison(
            live, backup, profile,
            tablesToCompare(live, profile, selection,
                            request.lostToSentinel || !selection.users.isEmpty()),
            opened.givenTime());
        restore::RestorePlanner planner(live, backup, profile, comparison.plan().tables);
        QVector<diff::RowChange> changes;
        const QDateTime takenAt = comparison.plan().backupTime.takenAt;
        if ((request.lostToSentinel || !selection.users.isEmpty()) && selection.tables.isEmpty()) {
            // Chosen accounts: their rows and the sentinels', not the whole
            // database (restore/user_changes.h), as payops restore plan does.
            progress.report(compareStart + 10,
                            QStringLiteral("Reading the accounts' records on both sides…"));
            if (request.lostToSentinel)
                selection.users +=
                    restore::ownersParkedOnSentinels(live, backup, profile, planner, takenAt);
            changes =
                restore::changesOfUsers(live, backup, profile, planner, selection.users, takenAt);
        } else {
            comparison.run(
                [&](const diff::RowChange &change) {
                    if (planner.mayMatter(change))
                        changes.append(change);
                },
                [&](const diff::DiffProgress &p) {
                    progress.report(compareStart + int(p.overall() * (90 - compareStart)),
                                    p.tableIndex < p.tableCount
                                        ? QStringLiteral("Comparing %1 (table %2 of %3)")
                                              .arg(p.table)
                                              .arg(p.tableIndex + 1)
                                              .arg(p.tableCount)
                                        : QStringLiteral("Compared %1 tables").arg(p.tableCount));
                },
                cancel.get());
            if (request.lostToSentinel)
                selection.users += planner.ownersMovedToSentinels(changes);
        }
        progress.report(92, QStringLiteral("Planning: parents first, each conflict named…"));
        return QVariant::fromValue(planner.plan(changes, selection));
    };
}

db::DbWorker::Job draftRestoreJob(qint64 caseId, const std::optional<Finding> &finding,
                                  const restore::RestorePlan &plan, const QString &description,
                                  const QString &profileEnvironment)
{
    return [caseId, finding, plan, description, profileEnvironment](db::Session &session,
                                                                    const db::JobProgress &) {
        qint64 into = caseId;
        if (into == 0 && finding)
            into = ops::openCaseFromFinding(session, *finding);
        if (into == 0)
            throw UserError(QStringLiteral("No case was chosen for the restore."),
                            QStringLiteral("Pick a case, or open the wizard from a finding to "
                                           "open one; nothing was drafted."));
        // The database's own environment label wins, as on the command line.
        const QString environment = ops::batchEnvironment(session, profileEnvironment);
        const qint64 batch =
            restore::draftRestoreBatch(session, into, plan, description.left(2000), environment);
        return QVariant(QVariantList{into, batch});
    };
}

db::DbWorker::Job dryRunJob(qint64 batchId)
{
    return [batchId](db::Session &session, const db::JobProgress &) {
        return QVariant::fromValue(ops::dryRun(session, batchId));
    };
}

db::DbWorker::Job submitJob(qint64 batchId)
{
    return [batchId](db::Session &session, const db::JobProgress &) {
        return QVariant(ops::submitBatch(session, batchId));
    };
}

db::DbWorker::Job loadBatchJob(qint64 batchId)
{
    return [batchId](db::Session &session, const db::JobProgress &) {
        return QVariant::fromValue(ops::loadBatchReview(session, batchId));
    };
}

db::DbWorker::Job caseRestoreBatchJob(qint64 caseId)
{
    return [caseId](db::Session &session, const db::JobProgress &) {
        return QVariant(ops::latestRestoreBatch(session, caseId));
    };
}

db::DbWorker::Job verifyRestoreJob(qint64 batchId, const BackupSource &backup,
                                   const pgtools::SandboxServer &sandbox,
                                   const QString &backupPassword)
{
    return [batchId, backup, sandbox, backupPassword](db::Session &live, const db::JobProgress &) {
        diff::OpenedBackup opened(backup, openOptions(sandbox, backupPassword, nullptr));
        db::Session &other = opened.connect(kApplication);
        return QVariant::fromValue(restore::verifyRestore(live, other, batchId));
    };
}

db::DbWorker::Job consoleRoleJob()
{
    return [](db::Session &session, const db::JobProgress &) {
        return QVariant(ops::consoleRole(session));
    };
}

} // namespace payops::workspace
