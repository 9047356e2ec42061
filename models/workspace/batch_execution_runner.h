#pragma once

#include "core/connection_profile.h"
#include "exec/batch_executor.h"
#include "exec/item_counts.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace payops::db {
class DbWorker;
}

namespace payops::workspace {

// Executes one approved batch, as payops batch run does: a BatchExecutor
// on a writable connection of its own (the executor claims the batch for
// that server process, and a run takes a while), chunk by chunk, with the
// counts per state after every chunk. pause() stops between chunks;
// start() again resumes exactly where the database says it stopped. In
// production the environment's name must be typed first, as
// --confirm-environment asks on the command line. Answers die with the
// runner; deleting it waits a bounded time for the chunk in flight.
class BatchExecutionRunner : public QObject
{
    Q_OBJECT
public:
    BatchExecutionRunner(const ConnectionProfile &profile, const QString &password, qint64 batchId,
                         QObject *parent = nullptr);
    ~BatchExecutionRunner() override;

    qint64 batchId() const { return m_batchId; }
    // Reads the counts per state (all zero before the execution began).
    void refresh();
    // environment: the batch's; typed: what the operator typed, needed
    // (equal to it) only in production.
    void start(const QString &environment, const QString &typed, int chunk = 200);
    void pause();
    bool isRunning() const { return m_running; }

    // Whether a batch bound to `environment` needs its name typed to run.
    static bool needsTypedEnvironment(const QString &environment);

signals:
    void counted(const payops::exec::ItemCounts &counts);
    void progress(int percent, const QString &counts);
    void finished(const payops::exec::ExecutionReport &report);
    void refused(const QString &message);

private:
    void ensureWorker();

    ConnectionProfile m_profile;
    QString m_password;
    qint64 m_batchId;
    db::DbWorker *m_worker = nullptr;
    // Set by pause(), read between chunks on the worker thread, which may
    // still hold it after this runner is gone.
    std::shared_ptr<std::atomic_bool> m_pause = std::make_shared<std::atomic_bool>(false);
    bool m_running = false;
};

} // namespace payops::workspace

Q_DECLARE_METATYPE(payops::exec::ExecutionReport)
