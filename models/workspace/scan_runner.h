#pragma once

#include "core/connection_profile.h"
#include "core/finding.h"
#include "db/server_route.h"
#include "detect/incidents.h"
#include "detect/scan_options.h"
#include "schema/schema_profile.h"

#include <QObject>
#include <QPointer>

namespace payops::db {
class DbWorker;
}

namespace payops::workspace {

// Runs the detectors on a DbWorker and reports each finding as it arrives,
// so the first findings show while later detectors still run. The profile
// is checked against the catalog first; if it does not fit, no detector
// runs. Results of a scan that was restarted or cancelled are dropped.
class ScanRunner : public QObject
{
    Q_OBJECT
public:
    ScanRunner(db::DbWorker *worker, const schema::SchemaProfile &profile,
               QObject *parent = nullptr);

    // The connection's profile and password: a scan first asks where it
    // reads (a standby too far behind, or of another database, is refused
    // before any detector runs) through a short connection to the primary.
    void setConnection(const ConnectionProfile &connection, const QString &password)
    {
        m_connection = connection;
        m_password = password;
    }
    // Starts the named detectors (all that apply when empty).
    void start(const detect::ScanOptions &options = {}, const QStringList &detectors = {});
    bool isRunning() const { return !m_pending.isEmpty(); }
    const schema::SchemaProfile &profile() const { return m_profile; }

signals:
    void started(const QStringList &detectors);
    void detectorStarted(const QString &detector);
    void findingReady(const payops::Finding &finding);
    void detectorFinished(const QString &detector, int findings);
    void detectorFailed(const QString &detector, const QString &message, bool cancelled);
    // After the last detector: the findings grouped (detect/incidents.h),
    // then finished().
    void incidentsReady(const QVector<payops::detect::Incident> &incidents);
    void finished();
    void routeKnown(const payops::ServerRoute &route);

private:
    void onJobStarted(quint64 id);
    void onJobFinished(quint64 id, const QVariant &result);
    void onJobFailed(quint64 id, const QString &message, bool cancelled);
    void finishOne(quint64 id);
    void submitDetectors();
    void submitGrouping();

    QPointer<db::DbWorker> m_worker;
    schema::SchemaProfile m_profile;
    QHash<quint64, QString> m_pending; // job id -> detector name ("profile" for the check)
    quint64 m_checkJob = 0;
    quint64 m_groupJob = 0;
    bool m_cancelled = false;
    QVector<Finding> m_findings; // of the running scan, for the grouping
    ConnectionProfile m_connection;
    QString m_password;
    db::ServerRoute m_route; // of the running scan: its findings' "data up to"
    detect::ScanOptions m_options;
    QStringList m_names;
};

} // namespace payops::workspace
