#include "support/kill_loop.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>
#include <functional>
#include <signal.h>

namespace payops::test {

KillLoopReport runUnderKills(const QStringList &arguments, int moments, int minMs, int maxMs,
                             const std::function<bool()> &progressed, quint32 seed)
{
    KillLoopReport report;
    QRandomGenerator random(seed);
    // How long a run takes to start work depends on the machine and its
    // load (2 shared cores here): the moments shift later after a kill that
    // landed before any work, and back after one that landed in it, so
    // that they stay spread over the work rather than over start-up. A
    // loaded machine starts slower than the range given (a run first looks
    // up what the last one left open): the shift may reach four times it.
    const int maxShiftMs = 4 * maxMs;
    int shiftMs = 0;
    while (report.kills < moments) {
        QProcess run;
        run.start(QStringLiteral(PAYOPS_CLI_PATH), arguments);
        if (!run.waitForStarted(10000)) {
            report.lastError = run.errorString();
            return report;
        }
        ++report.runs;
        const int delay = shiftMs + minMs + int(random.bounded(quint32(maxMs - minMs + 1)));
        const bool ended = run.waitForFinished(delay);
        if (!ended) {
            ::kill(pid_t(run.processId()), SIGKILL);
            run.waitForFinished(10000);
            ++report.kills;
            if (progressed()) {
                ++report.killsMidWork;
                shiftMs = std::max(0, shiftMs - 5);
            } else {
                shiftMs = std::min(maxShiftMs, shiftMs + 10);
            }
            if (qEnvironmentVariableIsSet("PAYOPS_KILL_LOOP_TRACE"))
                qInfo("killed after %d ms: %s", delay, run.readAllStandardError().constData());
            continue;
        }
        progressed();
        if (run.exitCode() == 0 && run.readAllStandardOutput().contains(" is done")) {
            report.finished = true;
            return report;
        }
        report.lastError = QString::fromLocal8Bit(run.readAllStandardError()).trimmed();
        ++report.refusedRuns;
        // A killed executor's server process may still be ending its
        // statement; its claim lasts as long as that process does.
        QThread::msleep(50);
    }
    // Then to the end, as the operator's last try would.
    for (int attempt = 0; attempt < 50 && !report.finished; ++attempt) {
        QProcess run;
        run.start(QStringLiteral(PAYOPS_CLI_PATH), arguments);
        ++report.runs;
        if (!run.waitForFinished(600000)) {
            run.kill();
            report.lastError = QStringLiteral("the last run did not finish in 10 minutes");
            return report;
        }
        report.finished = run.exitCode() == 0 && run.readAllStandardOutput().contains(" is done");
        if (!report.finished) {
            report.lastError = QString::fromLocal8Bit(run.readAllStandardError()).trimmed();
            QThread::msleep(200);
        }
    }
    return report;
}

} // namespace payops::test
