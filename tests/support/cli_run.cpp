#include "support/cli_run.h"

#include <QProcess>

namespace payops::test {

CliRun runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(cliProgram(), arguments);
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

QString cliProgram()
{
    return QStringLiteral(PAYOPS_CLI_PATH);
}

} // namespace payops::test
