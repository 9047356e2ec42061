#include "workspace/money_plan_runner.h"

#include "db/db_worker.h"
#include "workspace/money_jobs.h"
#include "workspace/restore_jobs.h"

namespace payops::workspace {

MoneyPlanRunner::MoneyPlanRunner(const Workers &workers, const ConnectionProfile &profile,
                                 const schema::SchemaProfile &schema, QObject *parent)
    : QObject(parent)
    , m_comparison(workers.comparison)
    , m_caseWork(workers.caseWork)
    , m_browse(workers.browse)
    , m_profile(profile)
    , m_schema(schema)
{
    connect(workers.comparison, &db::DbWorker::jobProgress, this, &MoneyPlanRunner::onPlanProgress);
    connect(workers.comparison, &db::DbWorker::jobFinished, this, &MoneyPlanRunner::onPlanFinished);
    connect(workers.comparison, &db::DbWorker::jobFailed, this, &MoneyPlanRunner::onPlanFailed);
}

void MoneyPlanRunner::callOn(db::DbWorker *worker, const QString &step,
                             std::function<QVariant(db::Session &, const db::JobProgress &)> job,
                             std::function<void(const QVariant &)> done)
{
    if (!worker)
        return; // the connection closed
    worker->call(this, step, std::move(job), std::move(done),
                 [this, step](const QString &message, bool) { emit failed(step, message); });
}

void MoneyPlanRunner::plan(const MoneyRequest &request)
{
    if (!m_comparison)
        return;
    m_planStep = request.operation == MoneyOperation::Refund     ? tr("plan the refunds")
                 : request.operation == MoneyOperation::Reversal ? tr("plan the reversals")
                                                                 : tr("plan the claw-back");
    m_planJob = m_comparison->submit(m_planStep, planMoneyJob(request, m_schema));
}

void MoneyPlanRunner::cancelPlan()
{
    if (m_comparison && m_planJob != 0)
        m_comparison->cancelAll();
}

void MoneyPlanRunner::onPlanProgress(quint64 id, int percent, const QString &text)
{
    if (id == m_planJob)
        emit progress(percent, text);
}

void MoneyPlanRunner::onPlanFinished(quint64 id, const QVariant &result)
{
    if (id != m_planJob)
        return;
    m_planJob = 0;
    emit planned(result.value<PlannedMoney>());
}

void MoneyPlanRunner::onPlanFailed(quint64 id, const QString &message, bool cancelled)
{
    if (id != m_planJob)
        return;
    m_planJob = 0;
    if (cancelled)
        emit planCancelled();
    else
        emit failed(m_planStep, message);
}

void MoneyPlanRunner::readBinding()
{
    callOn(m_browse, tr("read where the batch would be bound and where its money may go"),
           moneyBindingJob(m_profile.environmentLabel),
           [this](const QVariant &binding) { emit bindingRead(binding.value<MoneyBinding>()); });
}

void MoneyPlanRunner::draft(qint64 caseId, const std::optional<Finding> &finding,
                            const QString &newCaseTitle, const PlannedMoney &planned,
                            const QVector<MoneyDraft> &drafts, const QString &note)
{
    callOn(m_caseWork,
           planned.request.operation == MoneyOperation::Clawback ? tr("draft the claw-back")
           : drafts.size() > 1                                   ? tr("draft the money batches")
                                                                 : tr("draft the money batch"),
           draftMoneyJob(caseId, finding, newCaseTitle, planned, drafts, note, m_schema,
                         m_profile.environmentLabel),
           [this](const QVariant &answer) { emit drafted(answer.value<DraftedMoney>()); });
}

void MoneyPlanRunner::dryRun(qint64 batchId)
{
    callOn(m_caseWork, tr("dry-run the batch"), dryRunJob(batchId),
           [this, batchId](const QVariant &items) {
               emit dryRunDone(batchId, items.value<QVector<ops::DryRunItem>>());
           });
}

void MoneyPlanRunner::submit(qint64 batchId)
{
    callOn(m_caseWork, tr("submit the batch"), submitJob(batchId),
           [this, batchId](const QVariant &hash) { emit submitted(batchId, hash.toString()); });
}

void MoneyPlanRunner::loadBatch(qint64 batchId)
{
    callOn(m_browse, tr("read the batch"), loadBatchJob(batchId),
           [this](const QVariant &review) { emit batchLoaded(review.value<ops::BatchReview>()); });
}

} // namespace payops::workspace
