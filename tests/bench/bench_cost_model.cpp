// What a scan and a diff cost per row, for the cost model of
// docs/BENCHMARKS.md: on one demo (any scale), each phase in its own
// process, measured as wall time, the server's CPU time (every process of
// the demo's cluster, the exited backends included), the phase's peak
// resident memory and its longest statement (the figure to hold against a
// production statement_timeout). The yardstick, in the same run: one pass
// that reads and hashes every payment row.
// Usage: bench_cost_model --dir DEMO_DIR [--runs N]
//   (a demo built with `payops demo start --scale S --dir DEMO_DIR`).
#include "core/connection_profile.h"
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "detect/blocking_scan.h"
#include "diff/backup_comparison.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>
#include <QThread>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

using namespace payops;

namespace {

// CPU seconds (user + system) of the cluster: the postmaster, its living
// children, and the children it has reaped (cutime, cstime).
double serverCpuSeconds(const QString &stateDir)
{
    QFile pidFile(stateDir + QStringLiteral("/data/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        throw std::runtime_error("the demo's server is not running");
    const QString postmaster = QString::fromLatin1(pidFile.readLine()).trimmed();
    const double tick = double(sysconf(_SC_CLK_TCK));
    double total = 0;
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        if (pid.toLongLong() <= 0)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QString line = QString::fromLatin1(stat.readAll());
        // Fields after the command name (which may hold spaces): state is 3.
        const QStringList fields = line.mid(line.lastIndexOf(u')') + 2).split(u' ');
        if (fields.size() < 15)
            continue;
        const bool isPostmaster = pid == postmaster;
        if (!isPostmaster && fields[1] != postmaster) // field 4: ppid
            continue;
        total += (fields[11].toDouble() + fields[12].toDouble()) / tick; // utime, stime
        if (isPostmaster)
            total += (fields[13].toDouble() + fields[14].toDouble()) / tick; // cutime, cstime
    }
    return total;
}

db::SessionOptions benchOptions()
{
    db::SessionOptions options;
    options.statementTimeoutMs = 0;
    return options;
}

// One phase in this process; prints "ms peak_kb longest_ms statements detail".
int runPhase(const QString &phase, demo::DemoCluster &cluster, QTextStream &out)
{
    const ConnectionProfile live = ConnectionProfile::fromUri(cluster.liveUri());
    db::resetStatementStats();
    QElapsedTimer clock;
    clock.start();
    QString detail;
    if (phase == u"pass") {
        db::Session session(live, QString(), benchOptions(), QStringLiteral("bench"));
        session.query(QStringLiteral("SELECT sum(hash_record_extended(p.*, 0)) FROM payments p"));
    } else if (phase == u"scan") {
        const detect::ScanReport report =
            detect::runBlockingScan(live, QString(), schema::SchemaProfile::demo(), {}, {}, 2);
        detail = QStringLiteral("%1 findings, %2 failures")
                     .arg(report.findings.size())
                     .arg(report.failures.size());
    } else if (phase == u"diff") {
        db::Session liveSession(live, QString(), benchOptions(), QStringLiteral("bench"));
        db::Session backup(ConnectionProfile::fromUri(cluster.backupUri()), QString(),
                           benchOptions(), QStringLiteral("bench"));
        diff::BackupTime given;
        diff::BackupComparison comparison(liveSession, backup, schema::SchemaProfile::demo(), {},
                                          given);
        qint64 changes = 0;
        comparison.run([&](const diff::RowChange &) { ++changes; });
        detail = QStringLiteral("%1 differing rows").arg(changes);
    } else {
        throw std::runtime_error("unknown phase");
    }
    const qint64 ms = clock.elapsed();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const db::StatementStats stats = db::statementStats();
    out << ms << ' ' << usage.ru_maxrss << ' ' << stats.longestMs << ' ' << stats.statements << ' '
        << detail << '\n';
    return 0;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    QString dir = qEnvironmentVariable("PAYOPS_DEMO_DIR"), phase;
    int runs = 3;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--dir")
            dir = args[i + 1];
        if (args[i] == u"--phase")
            phase = args[i + 1];
        if (args[i] == u"--runs")
            runs = std::max(1, args[i + 1].toInt());
    }
    demo::DemoCluster cluster = dir.isEmpty() ? demo::DemoCluster() : demo::DemoCluster(dir);
    try {
        if (!phase.isEmpty())
            return runPhase(phase, cluster, out);
        db::Session session(ConnectionProfile::fromUri(cluster.adminUri(QStringLiteral("billing"))),
                            QString(), benchOptions(), QStringLiteral("bench"));
        const double payments =
            session.query(QStringLiteral("SELECT count(*) FROM payments")).rows[0][0].toDouble();
        const double allRows =
            session
                .query(QStringLiteral("SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE "
                                      "schemaname = 'public'"))
                .rows[0][0]
                .toDouble();
        out << "demo " << cluster.stateDir() << ": " << qint64(payments) << " payments, about "
            << qint64(allRows) << " rows in all billing tables\n";
        out << "phase | wall ms | server CPU ms | client peak MB | longest statement ms | "
               "statements | wall us/payment | server us/payment | ratio to pass | detail\n";
        double passMs = 0;
        for (const QString &p :
             {QStringLiteral("pass"), QStringLiteral("scan"), QStringLiteral("diff")}) {
            std::vector<double> wall, cpu;
            QStringList last;
            for (int run = 0; run < runs + 1; ++run) { // the first run warms the cache
                const double cpuBefore = serverCpuSeconds(cluster.stateDir());
                QProcess child;
                child.start(app.applicationFilePath(), {QStringLiteral("--dir"), cluster.stateDir(),
                                                        QStringLiteral("--phase"), p});
                child.waitForFinished(-1);
                // Reaped backends count in the postmaster's cutime once it has waited for them.
                QThread::msleep(300);
                const double cpuAfter = serverCpuSeconds(cluster.stateDir());
                const QStringList parts = QString::fromUtf8(child.readAllStandardOutput())
                                              .trimmed()
                                              .split(QLatin1Char(' '));
                if (child.exitCode() != 0 || parts.size() < 4)
                    throw std::runtime_error(("phase " + p + " failed: " + parts.join(u' ') +
                                              QString::fromUtf8(child.readAllStandardError()))
                                                 .toStdString());
                if (run == 0)
                    continue;
                wall.push_back(parts[0].toDouble());
                cpu.push_back((cpuAfter - cpuBefore) * 1000.0);
                last = parts;
            }
            const double ms = median(wall), cpuMs = median(cpu);
            if (p == u"pass")
                passMs = ms;
            out << p << " | " << qint64(ms) << " | " << qint64(cpuMs) << " | "
                << QString::number(last[1].toDouble() / 1024.0, 'f', 1) << " | " << last[2] << " | "
                << last[3] << " | " << QString::number(ms * 1000.0 / payments, 'f', 3) << " | "
                << QString::number(cpuMs * 1000.0 / payments, 'f', 3) << " | "
                << QString::number(ms / passMs, 'f', 2) << " | " << last.mid(4).join(u' ') << '\n';
            out.flush();
        }
    } catch (const std::exception &e) {
        out << "bench_cost_model: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
