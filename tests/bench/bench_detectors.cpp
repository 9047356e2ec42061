// All detectors together, as a ratio of one sequential pass over every
// column of every payment row, both measured in the same run on the same
// server; and a --since scan of the newest hour against the full scan.
// Usage: bench_detectors [--db URI] [--runs N] [--jobs N] [--since ISO]
//   default: the demo in $PAYOPS_DEMO_DIR, 3 runs, 2 jobs, since = the
//   newest payment's hour.
#include "core/connection_profile.h"
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "detect/blocking_scan.h"
#include "detect/finding_rows.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace payops;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

QString ms(double value)
{
    return QString::number(value, 'f', 0) + QStringLiteral(" ms");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    int runs = 3, jobs = 2;
    QString uri, since;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--runs")
            runs = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--jobs")
            jobs = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--db")
            uri = args[i + 1];
        if (args[i] == u"--since")
            since = args[i + 1];
    }
    if (uri.isEmpty())
        uri = demo::DemoCluster().liveUri();
    try {
        const ConnectionProfile connection = ConnectionProfile::fromUri(uri);
        db::SessionOptions options;
        options.statementTimeoutMs = 0;
        db::Session session(connection, QString(), options, QStringLiteral("bench"));
        const schema::SchemaProfile profile = schema::SchemaProfile::demo();
        const QString rows =
            session.query(QStringLiteral("SELECT count(*) FROM payments")).rows[0][0];
        detect::ScanOptions recent;
        recent.since =
            since.isEmpty()
                ? detect::parseUtc(
                      session
                          .query(QStringLiteral(
                              "SELECT date_trunc('hour', max(created_at)) FROM payments"))
                          .rows[0][0])
                : QDateTime::fromString(since, Qt::ISODate);
        recent.until = recent.since.addSecs(3600);

        // Baseline: every column of every payment row is read and hashed once.
        const QString baselineSql =
            QStringLiteral("SELECT sum(hash_record_extended(p.*, 0)) FROM payments p");
        session.query(baselineSql); // warm the cache for everything that follows
        std::vector<double> baseline, oneProcess, full, firstFinding, window;
        int findings = 0, windowFindings = 0;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer clock;
            clock.start();
            session.query(baselineSql);
            baseline.push_back(clock.nsecsElapsed() / 1e6);
            // The same pass in one process, without PostgreSQL's parallel workers.
            session.query(
                QStringLiteral("SELECT set_config('max_parallel_workers_per_gather', '0', false)"));
            clock.restart();
            session.query(baselineSql);
            oneProcess.push_back(clock.nsecsElapsed() / 1e6);
            session.query(
                QStringLiteral("SELECT set_config('max_parallel_workers_per_gather', '2', false)"));

            clock.restart();
            double first = -1;
            const auto report = detect::runBlockingScan(connection, QString(), profile, {}, {},
                                                        jobs, [&](const Finding &) {
                                                            if (first < 0)
                                                                first = clock.nsecsElapsed() / 1e6;
                                                        });
            full.push_back(clock.nsecsElapsed() / 1e6);
            firstFinding.push_back(first);
            findings = int(report.findings.size());
            if (!report.failures.isEmpty())
                throw std::runtime_error(report.failures.join(QLatin1Char('\n')).toStdString());

            clock.restart();
            const auto recentReport =
                detect::runBlockingScan(connection, QString(), profile, recent, {}, jobs);
            window.push_back(clock.nsecsElapsed() / 1e6);
            windowFindings = int(recentReport.findings.size());
        }
        const double b = median(baseline), s1 = median(oneProcess), f = median(full),
                     w = median(window);
        out << "payments: " << rows << ", runs: " << runs << ", jobs: " << jobs << "\n"
            << "baseline, one full pass hashing every payment row (parallel workers as planned): "
            << ms(b) << "\n"
            << "baseline, the same pass in one process: " << ms(s1) << "\n"
            << "all detectors, whole history (" << findings << " findings): " << ms(f) << "  ratio "
            << QString::number(f / b, 'f', 2) << " to the parallel pass, "
            << QString::number(f / s1, 'f', 2) << " to the one-process pass\n"
            << "first finding shown after: " << ms(median(firstFinding)) << "\n"
            << "all detectors, --since " << recent.since.toString(Qt::ISODate) << " (one hour, "
            << windowFindings << " findings): " << ms(w) << "  ratio to the full scan "
            << QString::number(w / f, 'f', 3) << "\n";
    } catch (const std::exception &e) {
        QTextStream(stderr) << e.what() << '\n';
        return 1;
    }
    return 0;
}
