#include "db/thread_guard.h"

#include <QThread>

#include <atomic>

namespace payops::db {

static std::atomic<QThread *> g_forbiddenThread{nullptr};

void forbidDatabaseCallsOn(QThread *thread)
{
    g_forbiddenThread.store(thread);
}

void checkDatabaseCallAllowed(const char *operation)
{
    QThread *forbidden = g_forbiddenThread.load();
    if (forbidden && QThread::currentThread() == forbidden)
        qFatal("payops: database call (%s) on the GUI thread; run it on a DbWorker", operation);
}

} // namespace payops::db
