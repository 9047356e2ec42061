#include "workspace/restore_plan_runner.h"

#include "core/connection_secrets.h"
#include "db/db_worker.h"
#include "workspace/backup_password.h"
#include "workspace/console_jobs.h"
#include "workspace/restore_jobs.h"

namespace payops::workspace {

RestorePlanRunner::RestorePlanRunner(const Workers &workers, const ConnectionProfile &profile,
                                     const schema::SchemaProfile &schema,
                                     const pgtools::SandboxServer &sandbox,
                                     secrets::SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_comparison(workers.comparison)
    , m_caseWork(workers.caseWork)
    , m_browse(workers.browse)
    , m_profile(profile)
    , m_schema(schema)
    , m_sandbox(sandbox)
    , m_secrets(secrets)
{
    connect(workers.comparison, &db::DbWorker::jobProgress, this,
            &RestorePlanRunner::onPlanProgress);
    connect(workers.comparison, &db::DbWorker::jobFinished, this,
            &RestorePlanRunner::onPlanFinished);
    connect(workers.comparison, &db::DbWorker::jobFailed, this, &RestorePlanRunner::onPlanFailed);
}

void RestorePlanRunner::callOn(db::DbWorker *worker, const QString &step,
                               std::function<QVariant(db::Session &, const db::JobProgress &)> job,
                               std::function<void(const QVariant &)> done)
{
    if (!worker)
        return; // the connection closed
    worker->call(this, step, std::move(job), std::move(done),
                 [this, step](const QString &message, bool) { emit failed(step, message); });
}

void RestorePlanRunner::findUsersOfRows(const QString &rowsSql)
{
    callOn(m_browse, tr("read the accounts of the finding's rows"), usersOfRowsJob(rowsSql),
           [this](const QVariant &users) { emit usersFound(users.value<QVector<UserRows>>()); });
}

void RestorePlanRunner::plan(const RestoreRequest &request)
{
    *m_cancel = false;
    readBackupPassword(m_secrets, request.backup, m_profile.name, this,
                       [this, request](const QString &password, const QString &notice) {
                           if (!notice.isEmpty())
                               emit this->notice(notice);
                           submitPlan(request, password);
                       });
}

void RestorePlanRunner::submitPlan(const RestoreRequest &request, const QString &password)
{
    if (!m_comparison)
        return;
    if (*m_cancel) {
        emit planCancelled();
        return;
    }
    m_planJob =
        m_comparison->submit(tr("plan a restore from %1").arg(request.backup.name),
                             planRestoreJob(request, m_schema, m_sandbox, password, m_cancel));
}

void RestorePlanRunner::cancelPlan()
{
    *m_cancel = true;
    if (m_comparison && m_planJob != 0)
        m_comparison->cancelAll();
}

void RestorePlanRunner::onPlanProgress(quint64 id, int percent, const QString &text)
{
    if (id == m_planJob)
        emit progress(percent, text);
}

void RestorePlanRunner::onPlanFinished(quint64 id, const QVariant &result)
{
    if (id != m_planJob)
        return;
    m_planJob = 0;
    emit planned(result.value<restore::RestorePlan>());
}

void RestorePlanRunner::onPlanFailed(quint64 id, const QString &message, bool cancelled)
{
    if (id != m_planJob)
        return;
    m_planJob = 0;
    if (cancelled)
        emit planCancelled();
    else
        emit failed(tr("plan the restore"), message);
}

void RestorePlanRunner::draft(qint64 caseId, const std::optional<Finding> &finding,
                              const restore::RestorePlan &plan, const QString &description)
{
    callOn(m_caseWork, tr("draft the restore batch"),
           draftRestoreJob(caseId, finding, plan, description, m_profile.environmentLabel),
           [this](const QVariant &ids) {
               const QVariantList pair = ids.toList();
               emit drafted(pair.value(0).toLongLong(), pair.value(1).toLongLong());
           });
}

void RestorePlanRunner::dryRun(qint64 batchId)
{
    callOn(m_caseWork, tr("dry-run the batch"), dryRunJob(batchId),
           [this, batchId](const QVariant &items) {
               emit dryRunDone(batchId, items.value<QVector<ops::DryRunItem>>());
           });
}

void RestorePlanRunner::submit(qint64 batchId)
{
    callOn(m_caseWork, tr("submit the batch"), submitJob(batchId),
           [this, batchId](const QVariant &hash) { emit submitted(batchId, hash.toString()); });
}

void RestorePlanRunner::loadBatch(qint64 batchId)
{
    callOn(m_browse, tr("read the batch"), loadBatchJob(batchId),
           [this](const QVariant &review) { emit batchLoaded(review.value<ops::BatchReview>()); });
}

void RestorePlanRunner::findCaseRestore(qint64 caseId)
{
    callOn(m_browse, tr("find the case's restore"), caseRestoreBatchJob(caseId),
           [this, caseId](const QVariant &batch) {
               emit caseRestoreFound(caseId, batch.toLongLong());
           });
}

void RestorePlanRunner::verify(qint64 batchId, qint64 caseId, const BackupSource &backup)
{
    readBackupPassword(
        m_secrets, backup, m_profile.name, this,
        [this, batchId, caseId, backup](const QString &password, const QString &notice) {
            if (!notice.isEmpty())
                emit this->notice(notice);
            callOn(m_comparison, tr("verify the restore"),
                   verifyRestoreJob(batchId, backup, m_sandbox, password),
                   [this, batchId, caseId, backup](const QVariant &result) {
                       const auto report = result.value<restore::VerifyReport>();
                       emit verified(batchId, report);
                       // The outcome goes to the case's timeline, as payops
                       // restore verify --record writes it.
                       const QString note =
                           QStringLiteral("Verified batch %1 against %2: %3")
                               .arg(batchId)
                               .arg(withoutPassword(backup.name), report.summary());
                       callOn(m_caseWork, tr("write the verification to the case"),
                              addCaseNoteJob(caseId, note), [this, caseId](const QVariant &) {
                                  emit verificationRecorded(caseId);
                              });
                   });
        });
}

} // namespace payops::workspace
