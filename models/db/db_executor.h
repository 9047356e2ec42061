#pragma once

#include "core/connection_profile.h"
#include "core/server_identity.h"
#include "db/db_worker.h"
#include "db/session_options.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>

namespace payops::db {

// The half of a DbWorker that lives on the database thread: it owns the
// Session and runs the jobs. It knows nothing of the DbWorker, so a worker
// destroyed while a statement hangs leaves nothing dangling behind.
class DbExecutor : public QObject
{
    Q_OBJECT
public:
    DbExecutor(const ConnectionProfile &profile, const QString &password,
               const SessionOptions &options, const QString &program);

    // Run on the database thread (queued there by the DbWorker).
    void open();
    void run(quint64 id, quint64 epoch, const QString &label, const DbWorker::Job &job);
    void closeAndQuit();

    // Any thread.
    void cancel();
    quint64 epoch() const { return m_cancelEpoch.load(); }

signals:
    void opened(const payops::ServerIdentity &identity);
    void openFailed(const QString &message);
    void jobStarted(quint64 id, const QString &label);
    void jobProgress(quint64 id, int percent, const QString &text);
    void jobFinished(quint64 id, const QVariant &result);
    void jobFailed(quint64 id, const QString &message, bool cancelled);

private:
    ConnectionProfile m_profile;
    QString m_password;
    SessionOptions m_options;
    QString m_program;
    std::shared_ptr<Session> m_session; // set on the database thread; read by cancel()
    QMutex m_sessionMutex;
    std::atomic<quint64> m_cancelEpoch{0};
};

} // namespace payops::db
