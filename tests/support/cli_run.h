#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace payops::test {

// One run of the payops command line, as cron or an operator would run it.
struct CliRun
{
    int exitCode = -1; // -1 when it crashed or hung
    QByteArray out;
    QByteArray err;
};
CliRun runCli(const QStringList &arguments);
// The payops program the tests run, for a test that drives a process itself.
QString cliProgram();

} // namespace payops::test
