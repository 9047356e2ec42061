#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace payops::test {

// Runs a command that must finish a job, killing it with SIGKILL at random
// moments and running it again each time, as an operator would after a
// crash: the proof that a job resumes from exactly where the database says
// it stopped, however it was cut.
struct KillLoopReport
{
    int kills = 0;        // SIGKILLs sent to a running process
    int killsMidWork = 0; // of those, while items were being applied
    int refusedRuns = 0;  // runs that ended at once (say, a dead process's claim not yet expired)
    int runs = 0;
    bool finished = false; // a run ended with exit status 0 and nothing left
    QString lastError;
};

// `arguments` are payops's; `moments` kills at a random delay in
// [minMs, maxMs] after each start, shifted later (by up to four times maxMs) while
// kills land before any work and back while they land in it;
// `progressed()` says whether work was done since the last call (items
// applied). Then runs to the end.
KillLoopReport runUnderKills(const QStringList &arguments, int moments, int minMs, int maxMs,
                             const std::function<bool()> &progressed, quint32 seed);

} // namespace payops::test
