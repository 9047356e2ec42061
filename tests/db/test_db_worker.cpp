// The worker thread that keeps the GUI free: jobs, answers by id, cancel
// through the server, and a destructor that never hangs.
#include "db/db_worker.h"
#include "db/session.h"
#include "db/thread_guard.h"
#include "support/test_demo.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace payops;

class TestDbWorker : public QObject
{
    Q_OBJECT

    std::unique_ptr<db::DbWorker> openWorker()
    {
        auto worker = std::make_unique<db::DbWorker>(
            test::liveProfile(), QString(), db::SessionOptions(), QStringLiteral("payops-test"));
        QSignalSpy opened(worker.get(), &db::DbWorker::opened);
        worker->open();
        if (!opened.wait(30000))
            qFatal("the worker did not connect to the demo");
        return worker;
    }

    static db::DbWorker::Job sql(const QString &text)
    {
        return [text](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(session.query(text));
        };
    }

private slots:
    void initTestCase()
    {
        test::demoCluster();
        // Everything below must run its queries on the worker thread.
        db::forbidDatabaseCallsOn(QThread::currentThread());
    }

    void answersCarryTheJobId()
    {
        auto worker = openWorker();
        QSignalSpy finished(worker.get(), &db::DbWorker::jobFinished);
        const quint64 first =
            worker->submit(QStringLiteral("one"), sql(QStringLiteral("SELECT 1")));
        const quint64 second =
            worker->submit(QStringLiteral("two"), sql(QStringLiteral("SELECT 2")));
        QVERIFY(second > first);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QCOMPARE(finished[0][0].toULongLong(), first);
        QCOMPARE(finished[0][1].value<ResultTable>().rows[0][0], QStringLiteral("1"));
        QCOMPARE(finished[1][0].toULongLong(), second);
        QCOMPARE(finished[1][1].value<ResultTable>().rows[0][0], QStringLiteral("2"));
        QVERIFY(!worker->isBusy());
    }

    void cancelStopsARunningStatementThroughTheServer()
    {
        auto worker = openWorker();
        QSignalSpy started(worker.get(), &db::DbWorker::jobStarted);
        QSignalSpy failed(worker.get(), &db::DbWorker::jobFailed);
        QSignalSpy busy(worker.get(), &db::DbWorker::busyChanged);
        const quint64 sleeper =
            worker->submit(QStringLiteral("sleep"), sql(QStringLiteral("SELECT pg_sleep(30)")));
        QVERIFY(started.wait(5000));
        QVERIFY(worker->isBusy());
        QTest::qWait(200); // let the statement reach the server
        QElapsedTimer clock;
        clock.start();
        worker->cancelAll();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QVERIFY2(clock.elapsed() < 2000, "cancel took more than 2 s");
        QCOMPARE(failed[0][0].toULongLong(), sleeper);
        QCOMPARE(failed[0][2].toBool(), true); // reported as cancelled, not as an error
        QVERIFY(!worker->isBusy());
        QCOMPARE(busy.last().at(0).toBool(), false);

        // The same connection runs the next job normally.
        QSignalSpy finished(worker.get(), &db::DbWorker::jobFinished);
        worker->submit(QStringLiteral("after"), sql(QStringLiteral("SELECT 'still here'")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finished[0][1].value<ResultTable>().rows[0][0], QStringLiteral("still here"));
    }

    void cancelDropsQueuedJobs()
    {
        auto worker = openWorker();
        QSignalSpy failed(worker.get(), &db::DbWorker::jobFailed);
        QSignalSpy finished(worker.get(), &db::DbWorker::jobFinished);
        worker->submit(QStringLiteral("sleep"), sql(QStringLiteral("SELECT pg_sleep(30)")));
        worker->submit(QStringLiteral("queued"), sql(QStringLiteral("SELECT 1")));
        QTest::qWait(300);
        worker->cancelAll();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 5000);
        QCOMPARE(finished.size(), 0);
        QVERIFY(failed[0][2].toBool() && failed[1][2].toBool());
    }

    void errorsArriveAsMessagesNotExceptions()
    {
        auto worker = openWorker();
        QSignalSpy failed(worker.get(), &db::DbWorker::jobFailed);
        worker->submit(QStringLiteral("bad"), sql(QStringLiteral("SELECT * FROM no_such_table")));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QVERIFY(failed[0][1].toString().contains(QStringLiteral("billing schema")));
        QCOMPARE(failed[0][2].toBool(), false);
    }

    void openFailureIsReported()
    {
        db::DbWorker worker(ConnectionProfile::fromUri(
                                QStringLiteral("postgresql://x@/billing?host=%2Fnonexistent")),
                            QString(), db::SessionOptions(), QStringLiteral("payops-test"));
        QSignalSpy failed(&worker, &db::DbWorker::openFailed);
        worker.open();
        QVERIFY(failed.wait(10000));
        QVERIFY(failed[0][0].toString().contains(QStringLiteral("No PostgreSQL server answered")));
        QVERIFY(!worker.isBusy());
    }

    void destructorReturnsPromptlyDuringAQuery()
    {
        auto worker = openWorker();
        QSignalSpy started(worker.get(), &db::DbWorker::jobStarted);
        worker->submit(QStringLiteral("sleep"), sql(QStringLiteral("SELECT pg_sleep(30)")));
        QVERIFY(started.wait(5000));
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        worker.reset();
        QVERIFY2(clock.elapsed() < 3000, "destroying a busy worker blocked");
    }

    void guardRefusesDatabaseCallsOnTheGuiThread()
    {
        // Run the forbidden call in a child process: the guard aborts it.
        if (qEnvironmentVariableIsSet("PAYOPS_GUARD_CHILD")) {
            db::Session session(test::liveProfile(), QString(), db::SessionOptions());
            return;
        }
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PAYOPS_GUARD_CHILD"), QStringLiteral("1"));
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::MergedChannels); // QTest prints QFATAL to stdout
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("guardRefusesDatabaseCallsOnTheGuiThread")});
        QVERIFY(child.waitForFinished(30000));
        QVERIFY2(child.exitStatus() == QProcess::CrashExit || child.exitCode() != 0,
                 "the guard let the call through");
        const QByteArray output = child.readAll();
        QVERIFY2(output.contains("database call (connect) on the GUI thread"), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestDbWorker)
#include "test_db_worker.moc"
