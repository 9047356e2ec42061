#include "workspace/money_execution_runner.h"

#include "core/user_error.h"
#include "db/db_worker.h"
#include "db/session.h"
#include "exec/batch_executor.h"
#include "exec/destination_adapter.h"
#include "exec/money_executor.h"
#include "ops/cases.h"
#include "secrets/secret_store.h"
#include "workspace/batch_execution_runner.h"
#include "workspace/money_run_jobs.h"

#include <QCoreApplication>

namespace payops::workspace {

namespace {

db::SessionOptions executionOptions()
{
    db::SessionOptions options;
    options.readOnly = false; // begin_send and record_outcomes write; the database decides who may
    options.purpose = QStringLiteral("money batch execution");
    options.statementTimeoutMs = 10 * 60 * 1000;
    return options;
}

} // namespace

MoneyExecutionRunner::MoneyExecutionRunner(const Workers &workers, const ConnectionProfile &profile,
                                           const QString &password, secrets::SecretStore &secrets,
                                           const Tuning &tuning, qint64 batchId, QObject *parent)
    : QObject(parent)
    , m_browse(workers.browse)
    , m_caseWork(workers.caseWork)
    , m_profile(profile)
    , m_password(password)
    , m_secrets(secrets)
    , m_tuning(tuning)
    , m_batchId(batchId)
{
}

MoneyExecutionRunner::~MoneyExecutionRunner()
{
    // Stop between chunks rather than be cut off in one: what was sent is
    // then recorded, not left sending for the next run to look up.
    *m_pause = true;
    delete m_worker;
}

void MoneyExecutionRunner::ensureWorker()
{
    if (m_worker)
        return;
    m_worker = new db::DbWorker(m_profile, m_password, executionOptions(),
                                QStringLiteral("payops-console"));
    connect(m_worker, &db::DbWorker::openFailed, this, &MoneyExecutionRunner::fail);
    m_worker->open();
}

void MoneyExecutionRunner::fail(const QString &message)
{
    m_running = false;
    emit refused(message);
    readOpenItems(); // what was recorded before the failure stays recorded
}

void MoneyExecutionRunner::load()
{
    if (!m_browse)
        return;
    const qint64 batchId = m_batchId;
    m_browse->call(
        this, tr("read batch %1 for its run").arg(batchId),
        [batchId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(loadMoneyRunSetup(session, batchId));
        },
        [this](const QVariant &value) {
            m_setup = value.value<MoneyRunSetup>();
            m_loaded = true;
            emit loaded(m_setup);
            emit counted(m_setup.counts);
            readOpenItems();
        },
        [this](const QString &message, bool) { emit loadFailed(message); });
}

void MoneyExecutionRunner::readOpenItems()
{
    if (!m_browse)
        return;
    const qint64 batchId = m_batchId;
    m_browse->call(
        this, tr("read the open items of batch %1").arg(batchId),
        [batchId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(loadOpenMoneyItems(session, batchId));
        },
        [this](const QVariant &value) { emit openItemsRead(value.value<OpenMoneyItems>()); },
        [this](const QString &message, bool) { emit loadFailed(message); });
}

void MoneyExecutionRunner::start(const QString &typed, const Files &files, int chunk)
{
    if (m_running)
        return;
    if (!m_loaded) {
        emit refused(tr("Batch %1 is still being read; try again in a moment.").arg(m_batchId));
        return;
    }
    const QString environment = m_setup.review.environment;
    // Money in production asks for its name, typed: a habit of "yes" does
    // not move money on the wrong database.
    if (BatchExecutionRunner::needsTypedEnvironment(environment) &&
        typed.trimmed() != environment) {
        emit refused(tr("Batch %1 runs on the %2 database. Type its environment's name, "
                        "\"%2\", to confirm.")
                         .arg(m_batchId)
                         .arg(environment));
        return;
    }
    m_running = true;
    const bool needsKey = m_setup.sendsToProvider && m_setup.destination.adapter == u"http";
    const QString fromEnvironment = qEnvironmentVariable("PAYOPS_PROVIDER_KEY");
    if (!needsKey || !fromEnvironment.isEmpty()) {
        run(fromEnvironment, files, chunk);
        return;
    }
    // The keychain may be showing an unlock dialog: never waited for here.
    const QString destination = m_setup.destination.name;
    m_secrets.readPassword(
        m_setup.providerKeyName, this,
        [this, destination, files, chunk](const secrets::SecretResult &result) {
            if (result.ok && !result.password.isEmpty()) {
                run(result.password, files, chunk);
                return;
            }
            m_running = false;
            emit refused(
                tr("No key for destination %1 of this database: %2 Store it with payops "
                   "provider-key --destination %1 (it reads the key from standard input), or "
                   "set PAYOPS_PROVIDER_KEY; nothing was sent.")
                    .arg(destination, result.notFound || result.error.isEmpty()
                                          ? tr("the keychain holds none for it.")
                                          : result.error));
        });
}

void MoneyExecutionRunner::run(const QString &providerKey, const Files &files, int chunk)
{
    ensureWorker();
    *m_pause = false;
    const qint64 batchId = m_batchId;
    const bool sends = m_setup.sendsToProvider;
    exec::AdapterOptions options;
    options.providerKey = providerKey;
    options.handoverDir = files.handoverDir;
    options.resultsFile = files.resultsFile;
    options.concurrency = m_tuning.concurrency;
    options.timeoutMs = m_tuning.timeoutMs;
    const std::shared_ptr<std::atomic_bool> pause = m_pause;
    // The counts after each chunk go to the GUI thread through the
    // application object, which outlives every runner; the guard drops
    // them once this runner is gone.
    const QPointer<MoneyExecutionRunner> guard(this);
    m_worker->call(
        this, tr("run batch %1").arg(batchId),
        [batchId, sends, options, chunk, pause, guard](db::Session &session,
                                                       const db::JobProgress &) {
            const auto report = [guard](const exec::ItemCounts &counts) {
                QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [guard, counts] {
                        if (guard)
                            emit guard->counted(counts);
                    },
                    Qt::QueuedConnection);
            };
            MoneyRunOutcome outcome;
            if (!sends) {
                // Ledger refunds, claw-backs and write-offs: applied inside
                // the billing database, each item with its state.
                exec::BatchExecutor executor(session, batchId);
                executor.startOrResume();
                outcome.report.execution = executor.run(chunk, report, pause.get());
                return QVariant::fromValue(outcome);
            }
            // Where the money goes is read again here, as the run binds it.
            const exec::MoneyDestination destination =
                exec::batchMoneyDestination(session, batchId);
            exec::DestinationAdapter built =
                exec::destinationAdapter(session, batchId, destination, options);
            outcome.adapter = built.adapter->describe();
            outcome.resultsImported = built.resultsImported;
            outcome.resultsToApply = built.resultsToApply;
            outcome.problems = built.problems;
            exec::MoneyExecutor executor(session, batchId);
            executor.startOrResume();
            outcome.report = executor.run(*built.adapter, chunk, report, pause.get());
            return QVariant::fromValue(outcome);
        },
        [this](const QVariant &value) {
            m_running = false;
            const auto outcome = value.value<MoneyRunOutcome>();
            m_setup.review.state = outcome.report.execution.batchState;
            m_setup.counts = outcome.report.execution.counts;
            emit counted(outcome.report.execution.counts);
            emit finished(outcome);
            load(); // the batch as it is now, and its open items
        },
        [this](const QString &message, bool) { fail(message); });
}

void MoneyExecutionRunner::pause()
{
    *m_pause = true;
}

void MoneyExecutionRunner::decideAbsent(int itemNo, bool sendAgain, const QString &reason)
{
    if (!m_caseWork)
        return;
    const qint64 batchId = m_batchId;
    m_caseWork->call(
        this, tr("decide item %1 of batch %2").arg(itemNo).arg(batchId),
        [batchId, itemNo, sendAgain, reason](db::Session &session, const db::JobProgress &) {
            exec::decideAbsentItem(session, batchId, itemNo, sendAgain, reason);
            return QVariant();
        },
        [this, itemNo, sendAgain](const QVariant &) {
            emit itemDecided(itemNo, sendAgain
                                         ? tr("Item %1 will be sent again under its key on the "
                                              "next run.")
                                               .arg(itemNo)
                                         : tr("Item %1 is failed.").arg(itemNo));
            load(); // a failed item may have ended the batch
        },
        [this, itemNo](const QString &message, bool) { emit itemRefused(itemNo, message); });
}

void MoneyExecutionRunner::giveUp(int itemNo, const QString &reason)
{
    if (!m_caseWork)
        return;
    const qint64 batchId = m_batchId;
    m_caseWork->call(
        this, tr("give up item %1 of batch %2").arg(itemNo).arg(batchId),
        [batchId, itemNo, reason](db::Session &session, const db::JobProgress &) {
            ops::giveUpHeldItem(session, batchId, itemNo, reason);
            return QVariant();
        },
        [this, itemNo](const QVariant &) {
            emit itemDecided(itemNo, tr("Item %1 is given up: it will not be clawed back (a "
                                        "write-off batch may record it).")
                                         .arg(itemNo));
            load();
        },
        [this, itemNo](const QString &message, bool) { emit itemRefused(itemNo, message); });
}

} // namespace payops::workspace
