#pragma once

#include "core/connection_profile.h"
#include "workspace/money_run_values.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

namespace payops::db {
class DbWorker;
}
namespace payops::secrets {
class SecretStore;
}

namespace payops::workspace {

// Runs one approved money batch from the console, as payops batch run
// does: a MoneyExecutor (or, for a batch that sends nothing out of the
// billing database, a BatchExecutor) on a writable connection of its own,
// opened when the run starts, with the counts per state after each chunk.
// pause() stops between chunks; start() again resumes where the database
// says, and looks every open item up by its key first: that is Reconcile,
// which never sends an item again. In production the environment's name
// is typed first (BatchExecutionRunner::needsTypedEnvironment).
//
// The execution connection runs nothing else while a run is in flight
// (the HTTP adapter waits in a local event loop on its thread): the batch,
// its open items and the provider key's keychain entry are read on the
// browsing connection, and a person's decisions on items (send again,
// mark failed, give up) go to the case-work connection, as that person.
// The provider's key comes from PAYOPS_PROVIDER_KEY when set, else from
// the secret store under the entry payops provider-key writes. Answers die
// with the runner.
class MoneyExecutionRunner : public QObject
{
    Q_OBJECT
public:
    struct Workers
    {
        db::DbWorker *browse;
        db::DbWorker *caseWork;
    };
    // How requests go to a provider (the console's settings money/concurrency
    // and money/timeout_ms; payops batch run's --concurrency, --timeout-ms).
    struct Tuning
    {
        int concurrency = 8;
        int timeoutMs = 10000;
    };
    // A file destination's folders: where hand-over files go, and the
    // acquirer's result file to import (empty until it came).
    struct Files
    {
        QString handoverDir;
        QString resultsFile;
    };

    MoneyExecutionRunner(const Workers &workers, const ConnectionProfile &profile,
                         const QString &password, secrets::SecretStore &secrets,
                         const Tuning &tuning, qint64 batchId, QObject *parent = nullptr);
    ~MoneyExecutionRunner() override;

    qint64 batchId() const { return m_batchId; }
    bool isRunning() const { return m_running; }
    const MoneyRunSetup &setup() const { return m_setup; }

    // The batch, where its money goes, its counts; then its open items.
    void load();
    void readOpenItems();
    // Runs (or resumes, or reconciles) the batch; typed: the environment's
    // name as the operator typed it, needed only in production.
    void start(const QString &typed, const Files &files = {}, int chunk = 50);
    void pause();
    // payops.decide_absent_item, as the signed-in person, with the reason.
    void decideAbsent(int itemNo, bool sendAgain, const QString &reason);
    // ops::giveUpHeldItem: finance ends a held claw-back item.
    void giveUp(int itemNo, const QString &reason);

signals:
    void loaded(const payops::workspace::MoneyRunSetup &setup);
    void loadFailed(const QString &message);
    void openItemsRead(const payops::workspace::OpenMoneyItems &items);
    void counted(const payops::exec::ItemCounts &counts);
    void finished(const payops::workspace::MoneyRunOutcome &outcome);
    // The run did not start, or stopped on an error (what was recorded stays).
    void refused(const QString &message);
    void itemDecided(int itemNo, const QString &text);
    void itemRefused(int itemNo, const QString &message);

private:
    void ensureWorker();
    void run(const QString &providerKey, const Files &files, int chunk);
    void fail(const QString &message);

    QPointer<db::DbWorker> m_browse;
    QPointer<db::DbWorker> m_caseWork;
    ConnectionProfile m_profile;
    QString m_password;
    secrets::SecretStore &m_secrets;
    Tuning m_tuning;
    qint64 m_batchId;
    MoneyRunSetup m_setup;
    bool m_loaded = false;
    db::DbWorker *m_worker = nullptr;
    // Set by pause(), read between chunks on the worker thread, which may
    // still hold it after this runner is gone.
    std::shared_ptr<std::atomic_bool> m_pause = std::make_shared<std::atomic_bool>(false);
    bool m_running = false;
};

} // namespace payops::workspace
