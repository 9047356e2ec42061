#include "demo/process_runner.h"

#include "core/user_error.h"

#include <QProcess>

namespace payops::demo {

ProcessResult runProcess(const QString &program, const QStringList &arguments, int timeoutMs,
                         bool throwOnFailure)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted(10000)) {
        if (throwOnFailure)
            throw UserError(
                QStringLiteral("Could not start %1: %2.").arg(program, process.errorString()),
                QStringLiteral("Install the PostgreSQL server packages "
                               "(installer/install-deps.sh)."));
        return result;
    }
    const bool finished = process.waitForFinished(timeoutMs);
    result.output = QString::fromLocal8Bit(process.readAll());
    if (!finished) {
        process.kill();
        process.waitForFinished(5000);
        if (throwOnFailure)
            throw UserError(
                QStringLiteral("%1 did not finish within %2 s.").arg(program).arg(timeoutMs / 1000),
                QStringLiteral("Check the machine's load and the log in the demo directory."));
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    if (throwOnFailure && result.exitCode != 0) {
        const QStringList lines = result.output.trimmed().split(QLatin1Char('\n'));
        throw UserError(
            QStringLiteral("%1 failed: %2")
                .arg(program, lines.mid(qMax(0, lines.size() - 3)).join(QStringLiteral(" / "))),
            QStringLiteral("See the message above; the demo directory was left as it was."));
    }
    return result;
}

} // namespace payops::demo
