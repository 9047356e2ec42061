#include "support/cli_run.h"

#include <QProcess>

namespace payops::test {

CliRun runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(PAYOPS_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace payops::test
