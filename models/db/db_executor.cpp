#include "db/db_executor.h"

#include "core/user_error.h"
#include "db/session.h"

#include <QThread>

namespace payops::db {

DbExecutor::DbExecutor(const ConnectionProfile &profile, const QString &password,
                       const SessionOptions &options, const QString &program)
    : m_profile(profile)
    , m_password(password)
    , m_options(options)
    , m_program(program)
{
}

void DbExecutor::open()
{
    // No exception may escape a worker thread: everything becomes a signal.
    try {
        auto session = std::make_shared<Session>(m_profile, m_password, m_options, m_program);
        const ServerIdentity identity = session->identity();
        {
            QMutexLocker lock(&m_sessionMutex);
            m_session = session;
        }
        emit opened(identity);
    } catch (const UserError &e) {
        emit openFailed(e.message());
    } catch (const std::exception &e) {
        emit openFailed(QString::fromUtf8(e.what()));
    }
}

void DbExecutor::run(quint64 id, quint64 epoch, const QString &label, const DbWorker::Job &job)
{
    if (epoch != m_cancelEpoch.load()) {
        emit jobFailed(id, tr("Cancelled before it started."), true);
        return;
    }
    std::shared_ptr<Session> session;
    {
        QMutexLocker lock(&m_sessionMutex);
        session = m_session;
    }
    if (!session) {
        emit jobFailed(id, tr("Not connected, so %1 could not run.").arg(label), false);
        return;
    }
    emit jobStarted(id, label);
    try {
        const JobProgress progress(
            [this, id](int percent, const QString &text) { emit jobProgress(id, percent, text); });
        const QVariant result = job(*session, progress);
        if (epoch != m_cancelEpoch.load())
            emit jobFailed(id, tr("Cancelled."), true);
        else
            emit jobFinished(id, result);
    } catch (const UserError &e) {
        const bool cancelled = session->wasCancelled() || epoch != m_cancelEpoch.load();
        emit jobFailed(id, cancelled ? tr("Cancelled.") : e.message(), cancelled);
    } catch (const std::exception &e) {
        emit jobFailed(id, QString::fromUtf8(e.what()), false);
    } catch (...) {
        emit jobFailed(id, tr("Unexpected failure in %1.").arg(label), false);
    }
}

void DbExecutor::closeAndQuit()
{
    {
        QMutexLocker lock(&m_sessionMutex);
        m_session.reset(); // the connection closes on its own thread
    }
    QThread::currentThread()->quit();
}

void DbExecutor::cancel()
{
    ++m_cancelEpoch;
    std::shared_ptr<Session> session;
    {
        QMutexLocker lock(&m_sessionMutex);
        session = m_session;
    }
    if (session)
        session->cancel();
}

} // namespace payops::db
