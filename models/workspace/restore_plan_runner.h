#pragma once

#include "core/backup_source.h"
#include "core/connection_profile.h"
#include "core/finding.h"
#include "ops/batch_review.h"
#include "pgtools/sandbox_server.h"
#include "restore/restore_plan.h"
#include "restore/restore_verify.h"
#include "schema/schema_profile.h"
#include "workspace/restore_request.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace payops::db {
class DbWorker;
class JobProgress;
class Session;
} // namespace payops::db
namespace payops::secrets {
class SecretStore;
}

namespace payops::workspace {

// A restore from a backup, the steps before and after its execution, as
// payops restore and payops batch take them: the accounts of a finding's
// rows; the plan (the backup opened, the tables the selection needs
// compared, RestorePlanner) on the comparison worker, which takes minutes;
// the draft, its dry run and its submission on the case-work worker, as
// the signed-in operator; the batch's state on the browsing worker; and,
// once executed, the verification against the backup, written to the
// case's timeline. Only the plan last started is passed on; every answer
// dies with the runner.
class RestorePlanRunner : public QObject
{
    Q_OBJECT
public:
    struct Workers
    {
        db::DbWorker *comparison;
        db::DbWorker *caseWork;
        db::DbWorker *browse;
    };
    RestorePlanRunner(const Workers &workers, const ConnectionProfile &profile,
                      const schema::SchemaProfile &schema, const pgtools::SandboxServer &sandbox,
                      secrets::SecretStore &secrets, QObject *parent = nullptr);

    const QVector<BackupSource> &backups() const { return m_profile.backups; }

    void findUsersOfRows(const QString &rowsSql);
    void plan(const RestoreRequest &request);
    // Stops the comparison between chunks and its statement on live.
    void cancelPlan();
    // caseId 0 with a finding: a new case is opened from the finding first.
    void draft(qint64 caseId, const std::optional<Finding> &finding,
               const restore::RestorePlan &plan, const QString &description);
    void dryRun(qint64 batchId);
    void submit(qint64 batchId);
    void loadBatch(qint64 batchId);
    void findCaseRestore(qint64 caseId);
    // Verifies against `backup` and writes the outcome to the case's timeline.
    void verify(qint64 batchId, qint64 caseId, const BackupSource &backup);

signals:
    void notice(const QString &text); // the secret store's trouble; the work goes on
    void usersFound(const QVector<payops::workspace::UserRows> &users);
    void progress(int percent, const QString &text);
    void planned(const payops::restore::RestorePlan &plan);
    void planCancelled();
    void drafted(qint64 caseId, qint64 batchId);
    void dryRunDone(qint64 batchId, const QVector<payops::ops::DryRunItem> &items);
    void submitted(qint64 batchId, const QString &contentHash);
    void batchLoaded(const payops::ops::BatchReview &review);
    void caseRestoreFound(qint64 caseId, qint64 batchId); // batchId 0: the case has none
    void verified(qint64 batchId, const payops::restore::VerifyReport &report);
    void verificationRecorded(qint64 caseId);
    // step: what could not be done, in words ("plan the restore").
    void failed(const QString &step, const QString &message);

private:
    void submitPlan(const RestoreRequest &request, const QString &password);
    void onPlanProgress(quint64 id, int percent, const QString &text);
    void onPlanFinished(quint64 id, const QVariant &result);
    void onPlanFailed(quint64 id, const QString &message, bool cancelled);
    // A short job whose failure is reported as `step`.
    void callOn(db::DbWorker *worker, const QString &step,
                std::function<QVariant(db::Session &, const db::JobProgress &)> job,
                std::function<void(const QVariant &)> done);

    QPointer<db::DbWorker> m_comparison;
    QPointer<db::DbWorker> m_caseWork;
    QPointer<db::DbWorker> m_browse;
    ConnectionProfile m_profile;
    schema::SchemaProfile m_schema;
    pgtools::SandboxServer m_sandbox;
    secrets::SecretStore &m_secrets;
    // Set by cancelPlan(), read by the comparison on the worker thread,
    // which may still hold it after this runner is gone.
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
    quint64 m_planJob = 0; // the only plan whose answers are still wanted
};

} // namespace payops::workspace
