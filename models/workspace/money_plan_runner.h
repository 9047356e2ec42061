#pragma once

#include "core/connection_profile.h"
#include "core/finding.h"
#include "ops/batch_review.h"
#include "schema/schema_profile.h"
#include "workspace/money_request.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace payops::db {
class DbWorker;
class JobProgress;
class Session;
} // namespace payops::db

namespace payops::workspace {

// Money batches (refunds, reversals, claw-backs) from their plan to their
// submission, as payops money plan and payops batch take them: the plan
// on the comparison worker (read-only, and its own, so that cancelling it
// leaves browsing alone); where a batch would be bound, the destinations
// registered for its money and the batches' states on the browsing
// worker; the drafts (with the case's roster), their dry runs and their
// submissions on the case-work worker, as the signed-in operator.
// Executing them is MoneyExecutionRunner's (the console's run panel) or
// payops batch run's. Only the plan last started is passed on; every answer
// dies with the runner.
class MoneyPlanRunner : public QObject
{
    Q_OBJECT
public:
    struct Workers
    {
        db::DbWorker *comparison;
        db::DbWorker *caseWork;
        db::DbWorker *browse;
    };
    MoneyPlanRunner(const Workers &workers, const ConnectionProfile &profile,
                    const schema::SchemaProfile &schema, QObject *parent = nullptr);

    const ConnectionProfile &connection() const { return m_profile; }
    const schema::SchemaProfile &schemaProfile() const { return m_schema; }

    void plan(const MoneyRequest &request);
    // Cancels the plan's statement; its answer is dropped.
    void cancelPlan();
    // Where a batch would be bound and the destinations registered there.
    void readBinding();
    // caseId 0: a new case, from `finding` when given, else titled
    // newCaseTitle. A refund or a reversal drafts one batch per draft; a
    // claw-back its claw-back and write-off, `note` added to both
    // descriptions. Either fills the case's roster (workspace/money_jobs.h).
    void draft(qint64 caseId, const std::optional<Finding> &finding, const QString &newCaseTitle,
               const PlannedMoney &planned, const QVector<MoneyDraft> &drafts, const QString &note);
    void dryRun(qint64 batchId);
    void submit(qint64 batchId);
    void loadBatch(qint64 batchId);

signals:
    void progress(int percent, const QString &text);
    void planned(const payops::workspace::PlannedMoney &planned);
    void planCancelled();
    void bindingRead(const payops::workspace::MoneyBinding &binding);
    void drafted(const payops::workspace::DraftedMoney &drafted);
    void dryRunDone(qint64 batchId, const QVector<payops::ops::DryRunItem> &items);
    void submitted(qint64 batchId, const QString &contentHash);
    void batchLoaded(const payops::ops::BatchReview &review);
    // step: what could not be done, in words ("plan the refunds").
    void failed(const QString &step, const QString &message);

private:
    void onPlanProgress(quint64 id, int percent, const QString &text);
    void onPlanFinished(quint64 id, const QVariant &result);
    void onPlanFailed(quint64 id, const QString &message, bool cancelled);
    void callOn(db::DbWorker *worker, const QString &step,
                std::function<QVariant(db::Session &, const db::JobProgress &)> job,
                std::function<void(const QVariant &)> done);

    QPointer<db::DbWorker> m_comparison;
    QPointer<db::DbWorker> m_caseWork;
    QPointer<db::DbWorker> m_browse;
    ConnectionProfile m_profile;
    schema::SchemaProfile m_schema;
    quint64 m_planJob = 0; // the only plan whose answers are still wanted
    QString m_planStep;
};

} // namespace payops::workspace
