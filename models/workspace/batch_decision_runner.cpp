#include "workspace/batch_decision_runner.h"

#include "db/db_worker.h"
#include "workspace/money_jobs.h"

namespace payops::workspace {

BatchDecisionRunner::BatchDecisionRunner(db::DbWorker *browseWorker,
                                         const ConnectionProfile &profile,
                                         const schema::SchemaProfile &schema, qint64 batchId,
                                         QObject *parent)
    : QObject(parent)
    , m_browseWorker(browseWorker)
    , m_profile(profile)
    , m_schema(schema)
    , m_batchId(batchId)
{
}

BatchDecisionRunner::~BatchDecisionRunner()
{
    delete m_decisionWorker;
}

void BatchDecisionRunner::load()
{
    if (!m_browseWorker)
        return;
    const qint64 batchId = m_batchId;
    m_browseWorker->call(
        this, tr("load batch"),
        [batchId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(ops::loadBatchReview(session, batchId));
        },
        [this](const QVariant &result) { emit loaded(result.value<ops::BatchReview>()); },
        [this](const QString &message, bool) { emit loadFailed(message); });
    m_browseWorker->call(
        this, tr("read the batch's money"), batchMoneyJob(batchId, m_schema),
        [this](const QVariant &result) { emit moneyLoaded(result.value<BatchMoney>()); },
        [this](const QString &message, bool) { emit moneyLoadFailed(message); });
}

void BatchDecisionRunner::approve(const QString &password, const QString &seenHash)
{
    decide(true, password, seenHash, QString());
}

void BatchDecisionRunner::reject(const QString &password, const QString &reason)
{
    decide(false, password, QString(), reason);
}

void BatchDecisionRunner::decide(bool approve, const QString &password, const QString &hash,
                                 const QString &reason)
{
    delete m_decisionWorker;
    db::SessionOptions options;
    options.readOnly = false; // the payops functions write; the database decides who may
    options.purpose = QStringLiteral("approval");
    m_decisionWorker =
        new db::DbWorker(m_profile, password, options, QStringLiteral("payops-console"));
    const qint64 batchId = m_batchId;
    connect(m_decisionWorker, &db::DbWorker::openFailed, this, &BatchDecisionRunner::refused);
    connect(m_decisionWorker, &db::DbWorker::jobFinished, this,
            [this, approve](quint64, const QVariant &state) {
                if (approve)
                    emit approved(state.toString());
                else
                    emit rejected();
            });
    connect(m_decisionWorker, &db::DbWorker::jobFailed, this,
            [this](quint64, const QString &message) { emit refused(message); });
    db::DbWorker *worker = m_decisionWorker;
    connect(worker, &db::DbWorker::opened, this, [worker, approve, batchId, hash, reason] {
        worker->submit(
            approve ? tr("approve batch") : tr("reject batch"),
            [approve, batchId, hash, reason](db::Session &session, const db::JobProgress &) {
                if (approve)
                    return QVariant(ops::approveBatch(session, batchId, hash));
                ops::rejectBatch(session, batchId, reason);
                return QVariant(QStringLiteral("rejected"));
            });
    });
    worker->open();
}

} // namespace payops::workspace
