#include "workspace/scan_runner.h"

#include "db/db_worker.h"
#include "db/server_route.h"
#include "detect/blocking_scan.h"
#include "detect/detector.h"
#include "schema/profile_catalog.h"

namespace payops::workspace {

ScanRunner::ScanRunner(db::DbWorker *worker, const schema::SchemaProfile &profile, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_profile(profile)
{
    connect(worker, &db::DbWorker::jobStarted, this, &ScanRunner::onJobStarted);
    connect(worker, &db::DbWorker::jobFinished, this, &ScanRunner::onJobFinished);
    connect(worker, &db::DbWorker::jobFailed, this, &ScanRunner::onJobFailed);
}

void ScanRunner::start(const detect::ScanOptions &options, const QStringList &names)
{
    m_pending.clear(); // anything still in flight from an earlier scan is now stale
    m_findings.clear();
    m_groupJob = 0;
    m_cancelled = false;
    if (!m_worker)
        return;
    m_options = options;
    m_names = names;
    // The detectors are submitted only once the profile fits the database:
    // nothing runs half-mapped.
    const schema::SchemaProfile profile = m_profile;
    const ConnectionProfile connection = m_connection;
    const QString password = m_password;
    m_checkJob = m_worker->submit(
        tr("profile check"),
        [profile, connection, password](db::Session &session, const db::JobProgress &progress) {
            progress.report(0, QStringLiteral("Checking where the data is read"));
            const db::ServerRoute route = db::inspectRoute(session, connection, password);
            db::requireUsableInvestigation(route, connection);
            progress.report(0, QStringLiteral("Checking the schema profile"));
            schema::checkAgainstCatalog(session, profile);
            return QVariant::fromValue(route);
        });
    m_pending.insert(m_checkJob, QStringLiteral("profile"));
}

void ScanRunner::submitDetectors()
{
    QStringList names;
    const schema::SchemaProfile profile = m_profile;
    const detect::ScanOptions options = m_options;
    for (const detect::Detector &detector : detect::allDetectors()) {
        if ((!m_names.isEmpty() && !m_names.contains(detector.name)) || !detector.applies(profile))
            continue;
        const auto run = detector.run;
        const quint64 id = m_worker->submit(
            tr("%1 detector").arg(detector.name),
            [run, profile, options](db::Session &session, const db::JobProgress &progress) {
                const detect::DetectorContext context{session, profile, options,
                                                      [&progress](const QString &text) {
                                                          progress.report(-1, text);
                                                      }};
                return QVariant::fromValue(run(context));
            });
        m_pending.insert(id, detector.name);
        names << detector.name;
    }
    emit started(names);
}

// One job after the detectors: which findings are one incident, and the
// rows their evidence agrees on.
void ScanRunner::submitGrouping()
{
    QVector<Finding> findings = m_findings;
    detect::sortFindings(findings);
    const schema::SchemaProfile profile = m_profile;
    m_groupJob = m_worker->submit(
        tr("grouping findings into incidents"),
        [findings, profile](db::Session &session, const db::JobProgress &progress) {
            progress.report(-1, QStringLiteral("Grouping the findings into incidents"));
            return QVariant::fromValue(detect::groupIntoIncidents(session, profile, findings));
        });
    m_pending.insert(m_groupJob, QStringLiteral("incidents"));
}

void ScanRunner::onJobStarted(quint64 id)
{
    if (m_pending.contains(id) && id != m_checkJob && id != m_groupJob)
        emit detectorStarted(m_pending.value(id));
}

void ScanRunner::onJobFinished(quint64 id, const QVariant &result)
{
    if (!m_pending.contains(id))
        return;
    if (id == m_checkJob) {
        m_route = result.value<db::ServerRoute>();
        emit routeKnown(m_route);
        if (m_worker)
            submitDetectors();
    }
    if (id == m_groupJob)
        emit incidentsReady(result.value<QVector<detect::Incident>>());
    else if (id != m_checkJob) {
        QVector<Finding> findings = result.value<QVector<Finding>>();
        for (Finding &finding : findings) {
            finding.dataUpTo = m_route.lag.dataUpTo;
            m_findings << finding;
            emit findingReady(finding);
        }
        emit detectorFinished(m_pending.value(id), int(findings.size()));
    }
    finishOne(id);
}

void ScanRunner::onJobFailed(quint64 id, const QString &message, bool cancelled)
{
    if (!m_pending.contains(id))
        return;
    if (id == m_groupJob) // the findings stand; only their grouping is missing
        emit incidentsReady({});
    else
        emit detectorFailed(m_pending.value(id), message, cancelled);
    m_cancelled = m_cancelled || cancelled; // a cancelled scan is not grouped
    finishOne(id);
}

void ScanRunner::finishOne(quint64 id)
{
    m_pending.remove(id);
    if (!m_pending.isEmpty())
        return;
    if (m_groupJob == 0 && !m_cancelled && !m_findings.isEmpty() && m_worker && id != m_checkJob) {
        submitGrouping();
        return;
    }
    emit finished();
}

} // namespace payops::workspace
