#include "workspace/batch_execution_runner.h"

#include "core/money.h"
#include "db/db_worker.h"

#include <QCoreApplication>
#include <QPointer>

namespace payops::workspace {

namespace {

db::SessionOptions executionOptions()
{
    db::SessionOptions options;
    options.readOnly = false; // payops.apply_items writes; the database decides who may
    options.purpose = QStringLiteral("batch execution");
    options.statementTimeoutMs = 10 * 60 * 1000; // one chunk of a large batch may take long
    return options;
}

} // namespace

BatchExecutionRunner::BatchExecutionRunner(const ConnectionProfile &profile,
                                           const QString &password, qint64 batchId, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_password(password)
    , m_batchId(batchId)
{
}

BatchExecutionRunner::~BatchExecutionRunner()
{
    // Stop between chunks rather than be cut off in one (which commits
    // nothing of it, but leaves the claim to time out).
    *m_pause = true;
    delete m_worker;
}

bool BatchExecutionRunner::needsTypedEnvironment(const QString &environment)
{
    return environment == u"production";
}

void BatchExecutionRunner::ensureWorker()
{
    if (m_worker)
        return;
    m_worker = new db::DbWorker(m_profile, m_password, executionOptions(),
                                QStringLiteral("payops-console"));
    connect(m_worker, &db::DbWorker::openFailed, this, [this](const QString &message) {
        m_running = false;
        emit refused(message);
    });
    connect(m_worker, &db::DbWorker::jobProgress, this,
            [this](quint64, int percent, const QString &text) { emit progress(percent, text); });
    m_worker->open();
}

void BatchExecutionRunner::refresh()
{
    ensureWorker();
    const qint64 batchId = m_batchId;
    m_worker->call(
        this, tr("count the batch's items"),
        [batchId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(exec::itemCounts(session, batchId));
        },
        [this](const QVariant &counts) { emit counted(counts.value<exec::ItemCounts>()); },
        [this](const QString &message, bool) { emit refused(message); });
}

void BatchExecutionRunner::start(const QString &environment, const QString &typed, int chunk)
{
    if (m_running)
        return;
    // Executing in production asks for its name, typed: a habit of "yes"
    // does not run money on the wrong database.
    if (needsTypedEnvironment(environment) && typed.trimmed() != environment) {
        emit refused(tr("Batch %1 runs on the %2 database. Type its environment's name, "
                        "\"%2\", to confirm.")
                         .arg(m_batchId)
                         .arg(environment));
        return;
    }
    ensureWorker();
    *m_pause = false;
    m_running = true;
    const qint64 batchId = m_batchId;
    const std::shared_ptr<std::atomic_bool> pause = m_pause;
    // The counts after each chunk go to the GUI thread through the
    // application object, which outlives every runner; the guard drops
    // them once this runner is gone.
    const QPointer<BatchExecutionRunner> guard(this);
    m_worker->call(
        this, tr("execute batch %1").arg(batchId),
        [batchId, chunk, pause, guard](db::Session &session, const db::JobProgress &progress) {
            exec::BatchExecutor executor(session, batchId);
            executor.startOrResume();
            const exec::ExecutionReport report = executor.run(
                chunk,
                [&](const exec::ItemCounts &counts) {
                    const qint64 total = counts.total();
                    progress.report(total > 0 ? int(counts.ended() * 100 / total) : 100,
                                    counts.describe());
                    QMetaObject::invokeMethod(
                        QCoreApplication::instance(),
                        [guard, counts] {
                            if (guard)
                                emit guard->counted(counts);
                        },
                        Qt::QueuedConnection);
                },
                pause.get());
            return QVariant::fromValue(report);
        },
        [this](const QVariant &report) {
            m_running = false;
            const auto done = report.value<exec::ExecutionReport>();
            emit counted(done.counts);
            emit finished(done);
        },
        [this](const QString &message, bool) {
            m_running = false;
            emit refused(message);
        });
}

void BatchExecutionRunner::pause()
{
    *m_pause = true;
}

} // namespace payops::workspace
