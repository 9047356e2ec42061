#pragma once

#include "core/connection_profile.h"
#include "core/server_identity.h"
#include "db/session_options.h"

#include <QObject>
#include <QVariant>

#include <functional>

class QThread;

namespace payops::db {

class DbExecutor;
class Session;

// Reports a job's progress from the worker thread; cheap to call often.
class JobProgress
{
public:
    explicit JobProgress(std::function<void(int, const QString &)> report)
        : m_report(std::move(report))
    {
    }
    void report(int percent, const QString &text) const { m_report(percent, text); }

private:
    std::function<void(int, const QString &)> m_report;
};

// One database connection on its own thread. The GUI submits jobs (a
// function of the Session) and gets results back through queued signals
// carrying the job's id, so a view can drop results it no longer wants.
// cancelAll() stops the running statement through the server and drops the
// queued jobs. Nothing here blocks the caller's thread except the bounded
// wait in the destructor.
class DbWorker : public QObject
{
    Q_OBJECT
public:
    using Job = std::function<QVariant(Session &session, const JobProgress &progress)>;

    DbWorker(const ConnectionProfile &profile, const QString &password,
             const SessionOptions &options, const QString &program, QObject *parent = nullptr);
    ~DbWorker() override;

    // Connects on the worker thread; emits opened() or openFailed().
    void open();
    // Queues a job; returns its id (ids only grow).
    quint64 submit(const QString &label, Job job);
    // Queues a job and hands its answer to callbacks that live only as long
    // as `context` (the widget that asked): if it is gone when the answer
    // comes, the answer is dropped. onFailed may be empty.
    void call(QObject *context, const QString &label, Job job,
              std::function<void(const QVariant &)> onFinished,
              std::function<void(const QString &message, bool cancelled)> onFailed = {});
    // Cancels the running statement and every queued job.
    void cancelAll();
    bool isBusy() const { return m_pending > 0; }
    const ConnectionProfile &profile() const { return m_profile; }

signals:
    void opened(const payops::ServerIdentity &identity);
    void openFailed(const QString &message);
    void busyChanged(bool busy);
    void jobStarted(quint64 id, const QString &label);
    void jobProgress(quint64 id, int percent, const QString &text);
    void jobFinished(quint64 id, const QVariant &result);
    void jobFailed(quint64 id, const QString &message, bool cancelled);

private:
    void addPending();
    void removePending();

    ConnectionProfile m_profile;
    QThread *m_thread;
    DbExecutor *m_executor; // lives on m_thread, deleted when it finishes
    quint64 m_nextId = 1;
    int m_pending = 0; // GUI-thread bookkeeping: answers arrive as queued signals
};

} // namespace payops::db
