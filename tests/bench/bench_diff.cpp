// The diff against its two yardsticks, measured in the same run on the same
// servers: both servers checksumming the whole table once, side by side
// (the least any diff must do), and pulling both tables to the client with
// COPY and merging there (the naive way). Tables of 1M and 10M rows, 0.1%
// of rows differing (a third updated, a third deleted, a third inserted).
// Each phase runs in its own process, which reports its peak memory.
// Usage: bench_diff [--dir DEMO_DIR] [--rows 1000000,10000000] [--runs 3]
#include "core/connection_profile.h"
#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "demo/demo_cluster.h"
#include "diff/row_hash.h"
#include "diff/table_differ.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <thread>

using namespace payops;

namespace {

QString table(qint64 rows)
{
    return QStringLiteral("items_%1").arg(rows);
}

void prepare(demo::DemoCluster &cluster, qint64 rows, QTextStream &out)
{
    db::SessionOptions writable;
    writable.readOnly = false;
    writable.statementTimeoutMs = 0;
    db::Session server(ConnectionProfile::fromUri(cluster.adminUri(QStringLiteral("postgres"))),
                       QString(), writable);
    for (const QString &database : {QStringLiteral("diff_live"), QStringLiteral("diff_backup")})
        if (server.query(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = $1"), {database})
                .rows.isEmpty())
            server.executeScript(QStringLiteral("CREATE DATABASE ") + database);
    for (const QString &database : {QStringLiteral("diff_backup"), QStringLiteral("diff_live")}) {
        db::Session s(ConnectionProfile::fromUri(cluster.adminUri(database)), QString(), writable);
        if (!s.query(QStringLiteral("SELECT 1 FROM pg_class WHERE relname = $1"), {table(rows)})
                 .rows.isEmpty())
            continue;
        out << "creating " << database << "." << table(rows) << "\n";
        out.flush();
        // Even ids only, so that inserts can land between existing rows.
        s.executeScript(
            QStringLiteral(
                "CREATE TABLE %1 (id bigint PRIMARY KEY, account_id bigint NOT NULL, amount_minor "
                "bigint NOT NULL,\n"
                "  currency char(3) NOT NULL, status text NOT NULL, created_at timestamptz NOT "
                "NULL, note text);\n"
                "INSERT INTO %1 SELECT 2 * i, i %% 100000, (hashint8(i) & 65535), "
                "(ARRAY['USD','EUR','RUB','CNY'])[1 + i %% 4],\n"
                "  CASE WHEN i %% 50 = 0 THEN 'failed' ELSE 'succeeded' END, timestamptz "
                "'2026-01-01' + i * interval '1 second',\n"
                "  CASE WHEN i %% 7 = 0 THEN 'note ' || i END FROM generate_series(1, %2) AS i;")
                .arg(table(rows))
                .arg(rows)
                .replace(QStringLiteral("%%"), QStringLiteral("%")));
        if (database == u"diff_live")
            // 0.1% of rows differ, spread over the whole table: a third
            // updated, a third deleted, a third inserted between others.
            s.executeScript(
                QStringLiteral(
                    "UPDATE %1 SET status = 'refunded' WHERE mod(abs(hashint8(id)), 3000) = 0;\n"
                    "DELETE FROM %1 WHERE mod(abs(hashint8(id)), 3000) = 1;\n"
                    "INSERT INTO %1 SELECT id + 1, account_id, amount_minor, currency, status, "
                    "created_at, note\n"
                    "  FROM %1 WHERE mod(abs(hashint8(id)), 3000) = 2;")
                    .arg(table(rows)));
        // One statement a call: a multi-statement string is one transaction,
        // where VACUUM may not run.
        s.executeScript(QStringLiteral("VACUUM ANALYZE %1").arg(table(rows)));
    }
}

db::Session session(demo::DemoCluster &cluster, const QString &database)
{
    db::SessionOptions options;
    options.statementTimeoutMs = 0;
    return db::Session(ConnectionProfile::fromUri(cluster.adminUri(database)), QString(), options);
}

// One phase, in this process; prints "ms rss_kb detail".
int runPhase(const QString &phase, qint64 rows, demo::DemoCluster &cluster, QTextStream &out)
{
    db::Session live = session(cluster, QStringLiteral("diff_live"));
    db::Session backup = session(cluster, QStringLiteral("diff_backup"));
    const diff::TableShape shape =
        diff::readTableShape(live, QStringLiteral("public"), table(rows));
    QElapsedTimer clock;
    clock.start();
    QString detail;
    if (phase == u"checksum") {
        // The settings the diff's first pass runs with, so that both are
        // measured alike.
        for (db::Session *s : {&live, &backup})
            s->query(diff::scanSettingsSql(rows));
        clock.restart();
        const QString sql = diff::wholeTableChecksumSql(shape);
        std::thread other([&] { backup.query(sql); });
        live.query(sql);
        other.join();
    } else if (phase == u"diff") {
        qint64 changes = 0;
        const auto stats =
            diff::TableDiffer(live, backup, shape).run([&](const diff::RowChange &) { ++changes; });
        detail = QStringLiteral("%1 differing rows, %2 checksum queries, %3 keys compared; first "
                                "pass %4 ms, leaves %5 ms, rows %6 ms")
                     .arg(changes)
                     .arg(stats.checksumQueries)
                     .arg(stats.keysCompared)
                     .arg(stats.firstPassMs)
                     .arg(stats.leavesMs)
                     .arg(stats.rowsMs);
    } else { // copy: both tables to the client, merged by key there
        QHash<qint64, size_t> sides[2];
        const QString sql = QStringLiteral("SELECT * FROM %1").arg(table(rows));
        std::thread other([&] {
            backup.copyOut(sql, [&](const QStringList &f) {
                sides[1].insert(f[0].toLongLong(), qHash(f.join(QLatin1Char('\t'))));
            });
        });
        live.copyOut(sql, [&](const QStringList &f) {
            sides[0].insert(f[0].toLongLong(), qHash(f.join(QLatin1Char('\t'))));
        });
        other.join();
        qint64 changes = 0;
        for (auto it = sides[0].cbegin(); it != sides[0].cend(); ++it) {
            const auto b = sides[1].constFind(it.key());
            changes += b == sides[1].cend() || b.value() != it.value();
        }
        for (auto it = sides[1].cbegin(); it != sides[1].cend(); ++it)
            changes += !sides[0].contains(it.key());
        detail = QStringLiteral("%1 differing rows").arg(changes);
    }
    const qint64 ms = clock.elapsed();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    out << ms << ' ' << usage.ru_maxrss << ' ' << detail << '\n';
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    QString dir = qEnvironmentVariable("PAYOPS_DEMO_DIR"), phase,
            sizes = QStringLiteral("1000000,10000000");
    int runs = 3;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--dir")
            dir = args[i + 1];
        if (args[i] == u"--phase")
            phase = args[i + 1];
        if (args[i] == u"--rows")
            sizes = args[i + 1];
        if (args[i] == u"--runs")
            runs = std::max(1, args[i + 1].toInt());
    }
    demo::DemoCluster cluster = dir.isEmpty() ? demo::DemoCluster() : demo::DemoCluster(dir);
    try {
        if (!phase.isEmpty())
            return runPhase(phase, sizes.toLongLong(), cluster, out);
        for (const QString &size : sizes.split(QLatin1Char(','))) {
            const qint64 rows = size.toLongLong();
            prepare(cluster, rows, out);
            QHash<QString, QVector<double>> times;
            QHash<QString, QString> rss, details;
            for (int run = 0; run < runs; ++run)
                for (const QString &p :
                     {QStringLiteral("checksum"), QStringLiteral("diff"), QStringLiteral("copy")}) {
                    QProcess child;
                    child.start(app.applicationFilePath(),
                                {QStringLiteral("--dir"), cluster.stateDir(),
                                 QStringLiteral("--phase"), p, QStringLiteral("--rows"), size});
                    child.waitForFinished(-1);
                    const QString line = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
                    const QStringList parts = line.split(QLatin1Char(' '));
                    if (child.exitCode() != 0 || parts.size() < 2)
                        throw std::runtime_error(("phase " + p + " failed: " + line +
                                                  QString::fromUtf8(child.readAllStandardError()))
                                                     .toStdString());
                    times[p] << parts[0].toDouble();
                    rss[p] = parts[1];
                    details[p] = parts.mid(2).join(QLatin1Char(' '));
                }
            auto median = [&](const QString &p) {
                QVector<double> v = times[p];
                std::sort(v.begin(), v.end());
                return v[v.size() / 2];
            };
            const double c = median(QStringLiteral("checksum")), d = median(QStringLiteral("diff")),
                         y = median(QStringLiteral("copy"));
            out << rows << " rows, 0.1% differing, " << runs << " runs (medians):\n"
                << "  checksum, both servers side by side: " << c << " ms, peak "
                << rss[QStringLiteral("checksum")] << " kB\n"
                << "  diff: " << d << " ms (" << QString::number(d / c, 'f', 2)
                << "x the checksum), peak " << rss[QStringLiteral("diff")] << " kB; "
                << details[QStringLiteral("diff")] << "\n"
                << "  COPY both and merge: " << y << " ms (" << QString::number(y / d, 'f', 2)
                << "x the diff), peak " << rss[QStringLiteral("copy")] << " kB; "
                << details[QStringLiteral("copy")] << "\n";
            out.flush();
        }
    } catch (const std::exception &e) {
        QTextStream(stderr) << e.what() << '\n';
        return 1;
    }
    return 0;
}
