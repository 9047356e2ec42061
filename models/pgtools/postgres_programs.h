#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QProcess;

namespace payops::pgtools {

// PostgreSQL's own programs (initdb, pg_ctl, pg_dump, pg_restore, psql),
// found once under /usr/lib/postgresql/<newest>/bin as Debian installs them;
// throws UserError naming the package when one is missing.
QString postgresProgram(const QString &tool);

// What a finished child process said and how it ended.
struct ProcessResult
{
    int exitCode = -1; // -1 when it crashed or was killed
    QString output;    // stdout and stderr merged
};

// Makes a child die with this process (PR_SET_PDEATHSIG), so that a killed
// console or CLI never leaves a pg_restore writing into a sandbox.
void dieWithParent(QProcess &process);

// The process environment with libpq's password variable set: passwords go
// to child processes this way, never on their command line.
QProcessEnvironment environmentWithPassword(const QString &password);

// Runs a program to the end with a deadline; throws UserError quoting the
// tool's last lines on failure when throwOnFailure (`context` says where to
// look). The child dies with this process.
ProcessResult runProcess(const QString &program, const QStringList &arguments, int timeoutMs,
                         bool throwOnFailure = true,
                         const QProcessEnvironment &environment = QProcessEnvironment(),
                         const QString &context = QString());

} // namespace payops::pgtools
