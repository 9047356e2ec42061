#pragma once

#include "core/finding.h"

#include <QObject>
#include <QPointer>

namespace payops::db {
class DbWorker;
}

namespace payops::detect {

// Runs the detectors on a DbWorker and reports each finding as it arrives,
// so the first findings show while later detectors still run. Results of a
// scan that was restarted or cancelled are dropped.
class ScanRunner : public QObject
{
    Q_OBJECT
public:
    explicit ScanRunner(db::DbWorker *worker, QObject *parent = nullptr);

    void start();
    bool isRunning() const { return !m_pending.isEmpty(); }

signals:
    void started(int detectors);
    void findingReady(const payops::Finding &finding);
    void detectorFailed(const QString &detector, const QString &message, bool cancelled);
    void finished();

private:
    void onJobFinished(quint64 id, const QVariant &result);
    void onJobFailed(quint64 id, const QString &message, bool cancelled);
    void finishOne(quint64 id);

    QPointer<db::DbWorker> m_worker;
    QHash<quint64, QString> m_pending; // job id -> detector name
};

} // namespace payops::detect
