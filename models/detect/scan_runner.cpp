#include "detect/scan_runner.h"

#include "db/db_worker.h"
#include "detect/orphan_detector.h"

namespace payops::detect {

ScanRunner::ScanRunner(db::DbWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    connect(worker, &db::DbWorker::jobFinished, this, &ScanRunner::onJobFinished);
    connect(worker, &db::DbWorker::jobFailed, this, &ScanRunner::onJobFailed);
}

void ScanRunner::start()
{
    m_pending.clear(); // anything still in flight from an earlier scan is now stale
    if (!m_worker)
        return;
    const quint64 id = m_worker->submit(
        tr("orphan scan"), [](db::Session &session, const db::JobProgress &progress) {
            progress.report(0, QStringLiteral("Looking for orphaned payments"));
            return QVariant::fromValue(OrphanDetector::run(session).finding);
        });
    m_pending.insert(id, QStringLiteral("orphans"));
    emit started(int(m_pending.size()));
}

void ScanRunner::onJobFinished(quint64 id, const QVariant &result)
{
    if (!m_pending.contains(id))
        return;
    emit findingReady(result.value<Finding>());
    finishOne(id);
}

void ScanRunner::onJobFailed(quint64 id, const QString &message, bool cancelled)
{
    if (!m_pending.contains(id))
        return;
    emit detectorFailed(m_pending.value(id), message, cancelled);
    finishOne(id);
}

void ScanRunner::finishOne(quint64 id)
{
    m_pending.remove(id);
    if (m_pending.isEmpty())
        emit finished();
}

} // namespace payops::detect
