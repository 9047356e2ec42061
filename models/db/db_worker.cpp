#include "db/db_worker.h"

#include "db/db_executor.h"

#include <QDeadlineTimer>
#include <QThread>

namespace payops::db {

DbWorker::DbWorker(const ConnectionProfile &profile, const QString &password,
                   const SessionOptions &options, const QString &program, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_thread(new QThread)
    , m_executor(new DbExecutor(profile, password, options, program))
{
    m_thread->setObjectName(QStringLiteral("db:%1").arg(profile.name));
    m_executor->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_executor, &QObject::deleteLater);

    // Answers cross back as queued signals; the bookkeeping of what is still
    // pending happens here, on the caller's thread.
    connect(m_executor, &DbExecutor::opened, this, [this](const ServerIdentity &identity) {
        removePending();
        emit opened(identity);
    });
    connect(m_executor, &DbExecutor::openFailed, this, [this](const QString &message) {
        removePending();
        emit openFailed(message);
    });
    connect(m_executor, &DbExecutor::jobStarted, this, &DbWorker::jobStarted);
    connect(m_executor, &DbExecutor::jobProgress, this, &DbWorker::jobProgress);
    connect(m_executor, &DbExecutor::jobFinished, this, [this](quint64 id, const QVariant &result) {
        removePending();
        emit jobFinished(id, result);
    });
    connect(m_executor, &DbExecutor::jobFailed, this,
            [this](quint64 id, const QString &message, bool cancelled) {
                removePending();
                emit jobFailed(id, message, cancelled);
            });
    m_thread->start();
}

DbWorker::~DbWorker()
{
    disconnect(m_executor, nullptr, this, nullptr);
    m_executor->cancel();
    DbExecutor *executor = m_executor;
    QMetaObject::invokeMethod(executor, [executor] { executor->closeAndQuit(); });
    if (m_thread->wait(QDeadlineTimer(10000))) {
        delete m_thread;
        return;
    }
    // A statement ignored the cancel. The executor owns everything the thread
    // still touches, so let the thread finish on its own and clean up after
    // itself rather than block the GUI forever.
    qWarning("payops: database thread %s did not stop within 10 s; detaching it",
             qPrintable(m_thread->objectName()));
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
}

void DbWorker::addPending()
{
    if (m_pending++ == 0)
        emit busyChanged(true);
}

void DbWorker::removePending()
{
    if (m_pending > 0 && --m_pending == 0)
        emit busyChanged(false);
}

void DbWorker::open()
{
    addPending();
    DbExecutor *executor = m_executor;
    QMetaObject::invokeMethod(executor, [executor] { executor->open(); });
}

quint64 DbWorker::submit(const QString &label, Job job)
{
    const quint64 id = m_nextId++;
    const quint64 epoch = m_executor->epoch();
    addPending();
    DbExecutor *executor = m_executor;
    QMetaObject::invokeMethod(executor, [executor, id, epoch, label, job = std::move(job)] {
        executor->run(id, epoch, label, job);
    });
    return id;
}

void DbWorker::call(QObject *context, const QString &label, Job job,
                    std::function<void(const QVariant &)> onFinished,
                    std::function<void(const QString &, bool)> onFailed)
{
    const quint64 id = submit(label, std::move(job));
    // A child of the context: destroying the context disconnects everything.
    auto *guard = new QObject(context);
    connect(this, &DbWorker::jobFinished, guard,
            [id, guard, onFinished](quint64 done, const QVariant &result) {
                if (done != id)
                    return;
                guard->deleteLater();
                onFinished(result);
            });
    connect(this, &DbWorker::jobFailed, guard,
            [id, guard, onFailed](quint64 done, const QString &message, bool cancelled) {
                if (done != id)
                    return;
                guard->deleteLater();
                if (onFailed)
                    onFailed(message, cancelled);
            });
}

void DbWorker::cancelAll()
{
    m_executor->cancel();
}

} // namespace payops::db
