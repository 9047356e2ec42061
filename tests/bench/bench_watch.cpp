// One `payops watch` run (a 15-minute interval: the window since the last
// run plus the 15-minute overlap, the baselines around it, and recording
// the alerts) against a full scan of the whole history, both measured in
// the same run on the same server, on a copy of the demo (billing_drill)
// as the demo's watcher.
// Usage: bench_watch [--runs N] [--jobs N]   (the demo in $PAYOPS_DEMO_DIR)
#include "core/connection_profile.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "demo/demo_cluster.h"
#include "detect/blocking_scan.h"
#include "detect/finding_rows.h"
#include "watch/watch_run.h"

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
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--runs")
            runs = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--jobs")
            jobs = std::max(1, args[i + 1].toInt());
    }
    const QString copy = QStringLiteral("bench_watch");
    demo::DemoCluster cluster;
    db::SessionOptions writable;
    writable.readOnly = false;
    writable.statementTimeoutMs = 0;
    try {
        {
            db::Session admin(
                ConnectionProfile::fromUri(cluster.adminUri(QStringLiteral("postgres"))), QString(),
                writable, QStringLiteral("bench"));
            admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                    .arg(db::quoteIdent(copy)));
            admin.executeScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill")
                                    .arg(db::quoteIdent(copy)));
        }
        const ConnectionProfile watcher =
            ConnectionProfile::fromUri(cluster.socketUri(QStringLiteral("watcher:watcher"), copy));
        db::SessionOptions options;
        options.statementTimeoutMs = 0;
        db::Session session(watcher, QString(), options, QStringLiteral("bench"));
        const schema::SchemaProfile profile = schema::SchemaProfile::demo();
        const QString rows =
            session.query(QStringLiteral("SELECT count(*) FROM payments")).rows[0][0];
        const QDateTime newest = detect::parseUtc(
            session
                .query(QStringLiteral("SELECT date_trunc('hour', max(created_at)) FROM payments"))
                .rows[0][0]);
        session.query(QStringLiteral("SELECT sum(hash_record_extended(p.*, 0)) FROM payments p"));

        watch::WatchOptions watchOptions; // --every 15m, no webhook
        watchOptions.jobs = jobs;
        // The first run of a database: what the measured runs follow.
        QDateTime now = newest.addSecs(-runs * 15 * 60);
        watch::runWatchOnce(watcher, QString(), profile, watchOptions, now);
        std::vector<double> full, watched;
        int alerts = 0;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer clock;
            clock.start();
            const auto report = detect::runBlockingScan(watcher, QString(), profile, {}, {}, jobs);
            full.push_back(clock.nsecsElapsed() / 1e6);
            if (!report.failures.isEmpty())
                throw std::runtime_error(report.failures.join(QLatin1Char('\n')).toStdString());

            now = now.addSecs(15 * 60);
            clock.restart();
            const auto run = watch::runWatchOnce(watcher, QString(), profile, watchOptions, now);
            watched.push_back(clock.nsecsElapsed() / 1e6);
            alerts += int(run.events.size());
        }
        const double f = median(full), w = median(watched);
        out << "payments: " << rows << ", runs: " << runs << ", jobs: " << jobs << "\n"
            << "all detectors, whole history: " << ms(f) << "\n"
            << "one watch run, --every 15m (a 30-minute window up to " << now.toString(Qt::ISODate)
            << ", " << alerts << " alert changes in all): " << ms(w) << "  ratio to the full scan "
            << QString::number(w / f, 'f', 3) << "\n";
    } catch (const std::exception &e) {
        QTextStream(stderr) << e.what() << '\n';
        return 1;
    }
    return 0;
}
