// Exactly once, proven the hard way: the executor (payops batch run, a
// process of its own) is killed with SIGKILL at 100 random moments of a
// 10,000-item restore and run again each time. At the end every item is
// applied once, no row is duplicated or missing, and every item's recorded
// state matches the data. tests/bench/soak_exactly_once does the same at
// 1,000 moments. Kills land 5-120 ms into each run: the executor applies
// about a thousand items a second, so longer runs would end the batch
// before the hundredth kill.
#include "exec/write_targets.h"
#include "support/exactly_once_restore.h"
#include "support/kill_loop.h"
#include "support/scratch_payops.h"
#include "support/test_demo.h"

#include <QCoreApplication>
#include <QTest>

using namespace payops;

class TestExactlyOnce : public QObject
{
    Q_OBJECT

private slots:
    void aKilledExecutorResumesAndAppliesEveryItemOnce()
    {
        test::ScratchPayops db(QStringLiteral("once"));
        const test::ExactlyOnceRestore restore(db, 10000);
        restore.begin();
        const test::KillLoopReport report = test::runUnderKills(
            {QStringLiteral("batch"), QStringLiteral("run"), restore.batchId(),
             QStringLiteral("--chunk"), QStringLiteral("10"), QStringLiteral("--db"),
             db.uri(QStringLiteral("operator"))},
            100, 5, 120, [&] { return restore.progressed(); },
            quint32(QCoreApplication::applicationPid()));
        qInfo("%d kills (%d while items were being applied), %d runs, %d refused at once",
              report.kills, report.killsMidWork, report.runs, report.refusedRuns);
        QVERIFY2(report.finished, qPrintable(report.lastError));
        QCOMPARE(report.kills, 100);
        QVERIFY2(report.killsMidWork >= 20, "too few kills landed while items were applied");
        QString problem;
        const QString error = test::errorOf([&] { problem = restore.verify(); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestExactlyOnce)
#include "test_exactly_once.moc"
