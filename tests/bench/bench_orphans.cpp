// Orphan scan cost as a ratio of one sequential pass over every column of
// every payment row, both measured in the same run on the same server.
// Usage: bench_orphans [--db URI] [--runs N]   (default: the demo, 5 runs)
#include "core/connection_profile.h"
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "detect/orphan_detector.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace payops;

static double medianMs(db::Session &session, const QString &sql, int runs)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer clock;
        clock.start();
        session.query(sql);
        times.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QStringList args = app.arguments();
    int runs = 5;
    QString uri;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--runs")
            runs = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--db")
            uri = args[i + 1];
    }
    if (uri.isEmpty())
        uri = demo::DemoCluster().liveUri();
    try {
        db::SessionOptions options;
        options.statementTimeoutMs = 0;
        db::Session session(ConnectionProfile::fromUri(uri), QString(), options,
                            QStringLiteral("bench"));
        const QString rows =
            session.query(QStringLiteral("SELECT count(*) FROM payments")).rows[0][0];
        // Baseline: every column of every payment row is read and hashed once.
        const QString baselineSql =
            QStringLiteral("SELECT sum(hash_record_extended(p.*, 0)) FROM payments p");
        session.query(baselineSql); // warm the cache for both
        const double baseline = medianMs(session, baselineSql, runs);
        const double scan = medianMs(
            session, detect::OrphanDetector::summarySql(schema::SchemaProfile::demo()), runs);
        out << "payments: " << rows << "\n"
            << "baseline (full pass, hash of every row): " << QString::number(baseline, 'f', 1)
            << " ms\n"
            << "orphan scan (summary query): " << QString::number(scan, 'f', 1) << " ms\n"
            << "ratio scan/baseline: " << QString::number(scan / baseline, 'f', 2) << "\n";
    } catch (const std::exception &e) {
        QTextStream(stderr) << e.what() << '\n';
        return 1;
    }
    return 0;
}
