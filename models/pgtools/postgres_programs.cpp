#include "pgtools/postgres_programs.h"

#include "core/user_error.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <signal.h>
#include <sys/prctl.h>

#include <algorithm>

namespace payops::pgtools {

QString postgresProgram(const QString &tool)
{
    // Debian keeps the programs per major version; take the newest.
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &version : versions) {
        const QString path = root.filePath(version + QStringLiteral("/bin/") + tool);
        if (QFileInfo(path).isExecutable())
            return path;
    }
    throw UserError(
        QStringLiteral("The PostgreSQL program %1 was not found under /usr/lib/postgresql.")
            .arg(tool),
        QStringLiteral("Install the postgresql package (installer/install-deps.sh)."));
}

void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

QProcessEnvironment environmentWithPassword(const QString &password)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!password.isEmpty())
        environment.insert(QStringLiteral("PGPASSWORD"), password);
    return environment;
}

ProcessResult runProcess(const QString &program, const QStringList &arguments, int timeoutMs,
                         bool throwOnFailure, const QProcessEnvironment &environment,
                         const QString &context)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    dieWithParent(process);
    process.start(program, arguments);
    ProcessResult result;
    const QString name = QFileInfo(program).fileName();
    if (!process.waitForStarted(10000)) {
        if (throwOnFailure)
            throw UserError(
                QStringLiteral("Could not start %1: %2.").arg(name, process.errorString()),
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
                QStringLiteral("%1 did not finish within %2 s.").arg(name).arg(timeoutMs / 1000),
                QStringLiteral("Check the machine's load%1.")
                    .arg(context.isEmpty() ? QString() : QStringLiteral(" and ") + context));
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    if (throwOnFailure && result.exitCode != 0) {
        const QStringList lines = result.output.trimmed().split(QLatin1Char('\n'));
        throw UserError(
            QStringLiteral("%1 failed: %2")
                .arg(name, lines.mid(qMax(0, lines.size() - 3)).join(QStringLiteral(" / "))),
            context.isEmpty() ? QStringLiteral("See the message above.")
                              : QStringLiteral("See the message above and %1.").arg(context));
    }
    return result;
}

} // namespace payops::pgtools
