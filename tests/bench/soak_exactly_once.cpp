// The exactly-once soak: test_exactly_once at 1,000 kill moments (or
// --moments N) of a --items N restore, on the demo cluster named by
// PAYOPS_DEMO_DIR (payops demo start --dir DIR). Prints the kills, the runs
// and the verdict; exits 0 only when every item took effect exactly once.
#include "support/exactly_once_restore.h"
#include "support/kill_loop.h"
#include "support/scratch_payops.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("moments"), QStringLiteral("SIGKILLs to send (default 1000)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("items"),
                      QStringLiteral("Items of the restore (default 50000: enough for 1,000 "
                                     "kills to land before it is done)."),
                      QStringLiteral("N"), QStringLiteral("50000")});
    parser.addOption({QStringLiteral("chunk"),
                      QStringLiteral("Items per transaction (default 10)."), QStringLiteral("N"),
                      QStringLiteral("10")});
    parser.process(app);
    const int moments = parser.value(QStringLiteral("moments")).toInt();
    const int items = parser.value(QStringLiteral("items")).toInt();
    QElapsedTimer clock;
    clock.start();
    payops::test::ScratchPayops db(QStringLiteral("soak"));
    const payops::test::ExactlyOnceRestore restore(db, items);
    restore.begin();
    const auto report = payops::test::runUnderKills(
        {QStringLiteral("batch"), QStringLiteral("run"), restore.batchId(),
         QStringLiteral("--chunk"), parser.value(QStringLiteral("chunk")), QStringLiteral("--db"),
         db.uri(QStringLiteral("operator"))},
        moments, 5, 120, [&] { return restore.progressed(); },
        quint32(QCoreApplication::applicationPid()));
    const QString problem = restore.verify();
    std::printf("%d items, %d kills (%d while items were being applied), %d runs, %d refused at "
                "once, %.0f s: %s\n",
                items, report.kills, report.killsMidWork, report.runs, report.refusedRuns,
                clock.elapsed() / 1000.0,
                problem.isEmpty() && report.finished
                    ? "every item applied exactly once"
                    : qPrintable(problem.isEmpty() ? report.lastError : problem));
    return problem.isEmpty() && report.finished && report.kills == moments ? 0 : 1;
}
