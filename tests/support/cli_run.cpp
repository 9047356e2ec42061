#include "support/cli_run.h"

#include "core/result_table.h"
#include "support/test_demo.h"

#include <QElapsedTimer>
#include <QProcess>

namespace payops::test {

namespace {

constexpr int kLimitMs = 240000; // a hang, not a slow machine: CI runs two to three times slower

// What the demo's server was doing when a run hung: each busy session's
// state, wait and statement, so that the failure says where it stuck.
QString serverActivity()
{
    if (qEnvironmentVariableIsEmpty("PAYOPS_DEMO_DIR"))
        return {};
    try {
        const ResultTable busy = adminSession()->query(QStringLiteral(
            "SELECT datname, usename, state, coalesce(wait_event_type || '/' || wait_event, "
            "'running'), now() - query_start, left(query, 300) FROM pg_stat_activity "
            "WHERE state <> 'idle' AND pid <> pg_backend_pid() AND backend_type = 'client "
            "backend'"));
        QStringList lines;
        for (const auto &row : busy.rows)
            lines << row.join(QStringLiteral(" | "));
        return QStringLiteral("\nThe demo server's busy sessions:\n") + lines.join(u'\n');
    } catch (const std::exception &e) {
        return QStringLiteral("\n(the demo server could not be asked: %1)")
            .arg(QString::fromUtf8(e.what()));
    }
}

} // namespace

CliRun runCli(const QStringList &arguments)
{
    QProcess process;
    QElapsedTimer clock;
    clock.start();
    process.start(cliProgram(), arguments);
    CliRun run;
    if (!process.waitForFinished(kLimitMs)) {
        // Said, not swallowed: which command hung, what it had printed and
        // what the server was doing.
        const QString activity = serverActivity();
        process.kill();
        process.waitForFinished(10000);
        run.out = process.readAllStandardOutput();
        run.err = QStringLiteral("payops %1 did not finish within %2 s; it printed:\n")
                      .arg(arguments.join(u' '))
                      .arg(kLimitMs / 1000)
                      .toUtf8() +
                  process.readAllStandardError() + run.out + activity.toUtf8();
        qWarning("%s", run.err.constData());
        return run;
    }
    if (clock.elapsed() > 30000)
        qInfo("payops %s took %lld ms", qPrintable(arguments.value(0) + u' ' + arguments.value(1)),
              clock.elapsed());
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString cliProgram()
{
    return QStringLiteral(PAYOPS_CLI_PATH);
}

} // namespace payops::test
