#include "db/db_worker.h"

#include "core/user_error.h"
#include "db/session.h"

#include <QDeadlineTimer>
#include <QThread>

namespace payops::db {

DbWorker::DbWorker(const ConnectionProfile &profile, const QString &password,
                   const SessionOptions &options, const QString &program, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_password(password)
    , m_options(options)
    , m_program(program)
    , m_thread(new QThread)
    , m_threadContext(new QObject)
{
    m_thread->setObjectName(QStringLiteral("db:%1").arg(profile.name));
    m_threadContext->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_threadContext, &QObject::deleteLater);
    m_thread->start();
}

DbWorker::~DbWorker()
{
    cancelAll();
    // Drop the session on its own thread, then stop the thread. Every wait is bounded.
    QMetaObject::invokeMethod(m_threadContext, [this] {
        QMutexLocker lock(&m_sessionMutex);
        m_session.reset();
    });
    m_thread->quit();
    if (!m_thread->wait(QDeadlineTimer(10000))) {
        // A statement ignored the cancel. Let the thread finish on its own
        // and clean up after itself rather than block the GUI forever.
        qWarning("payops: database thread %s did not stop within 10 s; detaching it",
                 qPrintable(m_thread->objectName()));
        connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
        m_thread = nullptr;
        return;
    }
    delete m_thread;
}

void DbWorker::open()
{
    ++m_pending;
    emit busyChanged(true);
    QMetaObject::invokeMethod(m_threadContext, [this] {
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
        finishOne();
    });
}

quint64 DbWorker::submit(const QString &label, Job job)
{
    const quint64 id = m_nextId++;
    const quint64 epoch = m_cancelEpoch.load();
    if (m_pending++ == 0)
        emit busyChanged(true);
    QMetaObject::invokeMethod(m_threadContext, [this, id, epoch, label, job = std::move(job)] {
        runJob(id, epoch, label, job);
        finishOne();
    });
    return id;
}

void DbWorker::runJob(quint64 id, quint64 epoch, const QString &label, const Job &job)
{
    if (epoch != m_cancelEpoch.load()) {
        emit jobFailed(id, QStringLiteral("Cancelled before it started."), true);
        return;
    }
    std::shared_ptr<Session> session;
    {
        QMutexLocker lock(&m_sessionMutex);
        session = m_session;
    }
    if (!session) {
        emit jobFailed(id, QStringLiteral("Not connected: %1 could not run.").arg(label), false);
        return;
    }
    emit jobStarted(id, label);
    // No exception may escape a worker thread: everything becomes a signal.
    try {
        const JobProgress progress(
            [this, id](int percent, const QString &text) { emit jobProgress(id, percent, text); });
        const QVariant result = job(*session, progress);
        if (epoch != m_cancelEpoch.load())
            emit jobFailed(id, QStringLiteral("Cancelled."), true);
        else
            emit jobFinished(id, result);
    } catch (const UserError &e) {
        const bool cancelled = session->wasCancelled() || epoch != m_cancelEpoch.load();
        emit jobFailed(id, cancelled ? QStringLiteral("Cancelled.") : e.message(), cancelled);
    } catch (const std::exception &e) {
        emit jobFailed(id, QString::fromUtf8(e.what()), false);
    } catch (...) {
        emit jobFailed(id, QStringLiteral("Unexpected failure in %1.").arg(label), false);
    }
}

void DbWorker::finishOne()
{
    if (--m_pending == 0)
        emit busyChanged(false);
}

void DbWorker::cancelAll()
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
