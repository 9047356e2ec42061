#include "detect/blocking_scan.h"

#include "core/user_error.h"
#include "db/session.h"
#include "detect/detector.h"
#include "schema/profile_catalog.h"

#include <QMutex>
#include <QSet>
#include <QWaitCondition>

#include <thread>

namespace payops::detect {

void sortFindings(QVector<Finding> &findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        return stakeRank(a.totals) > stakeRank(b.totals);
    });
}

ScanReport runBlockingScan(const ConnectionProfile &connection, const QString &password,
                           const schema::SchemaProfile &profile, const ScanOptions &options,
                           const QStringList &names, int parallel,
                           const std::function<void(const Finding &)> &onFinding)
{
    ScanReport report;
    {
        db::Session session(connection, password, db::SessionOptions(),
                            QStringLiteral("payops scan"));
        report.route = db::inspectRoute(session, connection, password);
        db::requireUsableInvestigation(report.route, connection);
        schema::checkAgainstCatalog(session, profile);
    }
    QVector<const Detector *> queue;
    for (const Detector &d : allDetectors())
        if ((names.isEmpty() || names.contains(d.name)) && d.applies(profile)) {
            queue << &d;
            report.detectors << d.name;
        }

    // Workers take detectors from the queue; the calling thread hands the
    // findings out as they come.
    QMutex mutex;
    QWaitCondition arrived;
    QVector<Finding> inbox;
    QSet<const Detector *> finished;
    int next = 0, running = 0;
    std::vector<std::thread> threads;
    const int workers = std::max(1, std::min(parallel, int(queue.size())));
    running = workers;
    for (int w = 0; w < workers; ++w) {
        threads.emplace_back([&] {
            std::unique_ptr<db::Session> session;
            for (;;) {
                const Detector *detector = nullptr;
                {
                    QMutexLocker lock(&mutex);
                    if (next < queue.size())
                        detector = queue[next++];
                }
                if (!detector)
                    break;
                try {
                    if (!session) {
                        session = std::make_unique<db::Session>(connection, password,
                                                                db::SessionOptions(),
                                                                QStringLiteral("payops scan"));
                        // Our sessions already share the cores; PostgreSQL's
                        // own parallel workers would only fight them (and
                        // push the order check from merging two indexes to
                        // hashing a whole table).
                        if (workers > 1)
                            session->query(QStringLiteral(
                                "SELECT set_config('max_parallel_workers_per_gather', '0', "
                                "false)"));
                    }
                    const DetectorContext context{*session, profile, options, {}};
                    const QVector<Finding> found = detector->run(context);
                    QMutexLocker lock(&mutex);
                    inbox << found;
                    finished.insert(detector);
                } catch (const UserError &e) {
                    QMutexLocker lock(&mutex);
                    report.failures << detector->name + QStringLiteral(": ") + e.message();
                } catch (const std::exception &e) {
                    QMutexLocker lock(&mutex);
                    report.failures
                        << detector->name + QStringLiteral(": ") + QString::fromUtf8(e.what());
                }
                arrived.wakeAll();
            }
            QMutexLocker lock(&mutex);
            --running;
            arrived.wakeAll();
        });
    }
    for (;;) {
        QVector<Finding> batch;
        bool done = false;
        {
            QMutexLocker lock(&mutex);
            while (inbox.isEmpty() && running > 0)
                arrived.wait(&mutex);
            batch.swap(inbox);
            done = running == 0 && batch.isEmpty();
        }
        for (Finding &f : batch) {
            f.dataUpTo = report.route.lag.dataUpTo;
            if (onFinding)
                onFinding(f);
            report.findings << f;
        }
        if (done)
            break;
    }
    for (std::thread &t : threads)
        t.join();
    for (const Detector *detector : queue)
        if (finished.contains(detector))
            report.judged << detector->name;
    sortFindings(report.findings);
    return report;
}

} // namespace payops::detect
