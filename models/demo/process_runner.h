#pragma once

#include <QString>
#include <QStringList>

namespace payops::demo {

// Runs an external program (initdb, pg_ctl, pg_dump, pg_restore) to the end
// with a deadline, and turns a failure into a UserError that quotes the
// tool's own last lines.
struct ProcessResult
{
    int exitCode = -1;
    QString output; // stdout and stderr merged
};

ProcessResult runProcess(const QString &program, const QStringList &arguments, int timeoutMs,
                         bool throwOnFailure = true);

} // namespace payops::demo
