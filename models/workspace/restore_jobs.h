#pragma once

#include "db/db_worker.h"
#include "pgtools/sandbox_server.h"
#include "schema/schema_profile.h"
#include "workspace/restore_request.h"

#include <atomic>
#include <memory>
#include <optional>

namespace payops {
struct Finding;
namespace restore {
struct RestorePlan;
}
} // namespace payops

namespace payops::workspace {

// The restore's database jobs, each a step payops restore and payops batch
// take on the command line, for the workers a RestorePlanRunner is given.

// The accounts in the user_id column of a finding's rows, with how many
// rows each (a QVector<UserRows>); read-only, like any query of the console.
db::DbWorker::Job usersOfRowsJob(const QString &rowsSql);
// Opens the backup (an archive restored on `sandbox` first), compares the
// tables the selection needs and plans (a restore::RestorePlan); progress
// as percent and a sentence; stops when `cancel` is set.
db::DbWorker::Job planRestoreJob(const RestoreRequest &request,
                                 const schema::SchemaProfile &profile,
                                 const pgtools::SandboxServer &sandbox,
                                 const QString &backupPassword,
                                 std::shared_ptr<std::atomic_bool> cancel);
// Drafts the plan as a batch of the case (or of a new case opened from
// `finding` when caseId is 0), as the session's operator: {case, batch}.
db::DbWorker::Job draftRestoreJob(qint64 caseId, const std::optional<Finding> &finding,
                                  const restore::RestorePlan &plan, const QString &description,
                                  const QString &profileEnvironment);
// payops.dry_run: what each item would do (a QVector<ops::DryRunItem>).
db::DbWorker::Job dryRunJob(qint64 batchId);
// Freezes the draft for review; its content hash.
db::DbWorker::Job submitJob(qint64 batchId);
// The batch as an approver reads it (an ops::BatchReview).
db::DbWorker::Job loadBatchJob(qint64 batchId);
// The newest restore batch of a case (0: none).
db::DbWorker::Job caseRestoreBatchJob(qint64 caseId);
// Compares exactly the rows an executed restore wrote with the backup (a
// restore::VerifyReport).
db::DbWorker::Job verifyRestoreJob(qint64 batchId, const BackupSource &backup,
                                   const pgtools::SandboxServer &sandbox,
                                   const QString &backupPassword);
// The signed-in person's console role ("operator", "approver", "viewer", "").
db::DbWorker::Job consoleRoleJob();

} // namespace payops::workspace
