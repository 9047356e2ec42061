// Backups handed to the diff as files are hostile until proven otherwise:
// a plain script is never run, an archive runs with no more rights than
// owning its sandbox, and a restore that is interrupted, killed or loses
// its server leaves nothing behind and blames the right thing.
#include "core/connection_profile.h"
#include "core/user_error.h"
#include "db/session.h"
#include "pgtools/archive_sandbox.h"
#include "pgtools/postgres_programs.h"
#include "pgtools/sandbox_cluster.h"
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <unistd.h>

using namespace payops;

namespace {

db::SessionOptions writable()
{
    db::SessionOptions options;
    options.readOnly = false;
    return options;
}

// pg_restore processes restoring `archive`, found in /proc.
int restoresOf(const QString &archive)
{
    int count = 0;
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = cmdline.readAll();
        if (text.contains("pg_restore") && text.contains(archive.toUtf8()))
            ++count;
    }
    return count;
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QTest::qWait(50);
    }
    return true;
}

} // namespace

class TestRestoreSandbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // A payops diff of the demo against `archive`, started and left running.
    void startDiff(QProcess &cli, const QString &archive)
    {
        cli.start(QStringLiteral(PAYOPS_CLI_PATH),
                  {QStringLiteral("diff"), QStringLiteral("--db"), test::demoCluster().liveUri(),
                   QStringLiteral("--backup-archive"), archive, QStringLiteral("--table"),
                   QStringLiteral("refunds")});
        QVERIFY(cli.waitForStarted());
    }
    // Until the restore of `archive` is running.
    bool restoreRunning(QProcess &cli, const QString &archive, QByteArray &err)
    {
        return waitUntil(
                   [&] {
                       err += cli.readAllStandardError();
                       return restoresOf(archive) > 0 || cli.state() != QProcess::Running;
                   },
                   60000) &&
               restoresOf(archive) > 0;
    }

private slots:
    void aPlainScriptIsNeverRun()
    {
        const QString marker = m_dir.filePath(QStringLiteral("ran"));
        const QString script = m_dir.filePath(QStringLiteral("billing.sql"));
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("--\n-- PostgreSQL database dump\n--\n"
                                  "\\! touch %1\n"
                                  "\\c postgres\n"
                                  "CREATE TABLE written_elsewhere (id int);\n"
                                  "-- PostgreSQL database dump complete\n")
                       .arg(marker)
                       .toUtf8());
        file.close();
        const auto run = test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                                       test::demoCluster().liveUri(),
                                       QStringLiteral("--backup-archive"), script});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("plain SQL script") && run.err.contains("never runs"),
                 run.err.constData());
        QVERIFY2(run.err.contains("postgresql:// URI"), run.err.constData());
        QVERIFY(!QFile::exists(marker));
        QCOMPARE(test::adminValue(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = "
                                                 "'written_elsewhere'"),
                                  QStringLiteral("postgres")),
                 QStringLiteral("0"));
        QCOMPARE(test::sandboxLeftovers(), 0);
    }

    // An archive whose data, as it loads, calls a function that asks the
    // server to run a program, and one that holds an event trigger: fine
    // for a superuser, refused for a role that only owns its sandbox.
    void aHostileArchiveRunsWithTheSandboxsRightsOnly_data()
    {
        QTest::addColumn<bool>("ownCluster");
        QTest::newRow("the console's own sandbox cluster") << true;
        QTest::newRow("a configured server, given as its superuser") << false;
    }
    void aHostileArchiveRunsWithTheSandboxsRightsOnly()
    {
        QFETCH(bool, ownCluster);
        const QString marker = m_dir.filePath(QStringLiteral("program-ran"));
        const QString source = QStringLiteral("hostile_source");
        const QString archive = m_dir.filePath(QStringLiteral("hostile.dump"));
        {
            db::Session admin(ConnectionProfile::fromUri(
                                  test::demoCluster().adminUri(QStringLiteral("postgres"))),
                              QString(), writable());
            admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS hostile_source"));
            admin.executeScript(QStringLiteral("CREATE DATABASE hostile_source"));
        }
        {
            db::Session db(ConnectionProfile::fromUri(test::demoCluster().adminUri(source)),
                           QString(), writable());
            db.executeScript(
                QStringLiteral(
                    "CREATE FUNCTION public.innocent(bigint) RETURNS boolean LANGUAGE plpgsql AS "
                    "$$ "
                    "BEGIN IF current_database() LIKE 'payops_sandbox%%' THEN "
                    "EXECUTE format('COPY (SELECT 1) TO PROGRAM %%L', 'touch %1'); END IF; "
                    "RETURN true; END $$;"
                    "CREATE TABLE payments (id bigint PRIMARY KEY, amount_minor bigint, "
                    "CHECK (public.innocent(id)));"
                    "INSERT INTO payments VALUES (1, 100), (2, 200);")
                    .arg(marker)
                    .replace(QStringLiteral("%%"), QStringLiteral("%")));
        }
        QCOMPARE(pgtools::runProcess(pgtools::postgresProgram(QStringLiteral("pg_dump")),
                                     {QStringLiteral("-Fc"), QStringLiteral("-f"), archive,
                                      test::demoCluster().adminUri(source)},
                                     60000, false)
                     .exitCode,
                 0);
        const QString error = test::errorOf([&] {
            const pgtools::ArchiveSandbox sandbox(
                archive, ownCluster
                             ? pgtools::SandboxServer::own()
                             : pgtools::SandboxServer::configured(
                                   test::demoCluster().adminUri(QStringLiteral("postgres"))));
        });
        QVERIFY2(!QFile::exists(marker), "the archive ran a program on the sandbox server");
        QVERIFY2(error.contains(QStringLiteral("more privileged role")), qPrintable(error));
        QCOMPARE(test::sandboxLeftovers(), 0);
        db::Session admin(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres"))),
            QString(), writable());
        admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS hostile_source"));
    }

    void aServerRoleThatMayNotCreateDatabasesIsToldWhatItLacks()
    {
        const auto run =
            test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                          test::demoCluster().liveUri(), QStringLiteral("--backup-archive"),
                          test::demoCluster().dumpPath(), QStringLiteral("--sandbox-server"),
                          test::demoCluster().socketUri(QStringLiteral("oncall:oncall"),
                                                        QStringLiteral("postgres"))});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("may not create databases") && run.err.contains("CREATEDB"),
                 run.err.constData());
        QVERIFY2(!run.err.contains("viewer role"), run.err.constData());
        QVERIFY2(!run.err.contains("oncall:oncall"), run.err.constData());
    }

    void anInterruptedRestoreLeavesNothing_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGINT (Ctrl-C)") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }
    void anInterruptedRestoreLeavesNothing()
    {
        QFETCH(int, signalNumber);
        const QString archive = test::demoCluster().dumpPath();
        QProcess cli;
        startDiff(cli, archive);
        QByteArray err;
        QVERIFY2(restoreRunning(cli, archive, err), err.constData());
        ::kill(pid_t(cli.processId()), signalNumber);
        QVERIFY(cli.waitForFinished(60000));
        err += cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY2(err.contains("was cancelled") && err.contains("dropped"), err.constData());
        QVERIFY2(!err.contains("not a usable pg_dump archive"), err.constData());
        QCOMPARE(restoresOf(archive), 0);
        QVERIFY(!test::sandboxClusterRunning());
        QCOMPARE(test::sandboxLeftovers(), 0);
    }

    // SIGKILL leaves no time to clean up: pg_restore dies with its parent,
    // and the next comparison drops what was left.
    void aKilledRestoreIsCleanedUpByTheNextOne()
    {
        const QString archive = test::demoCluster().dumpPath();
        QProcess cli;
        startDiff(cli, archive);
        QByteArray err;
        QVERIFY2(restoreRunning(cli, archive, err), err.constData());
        ::kill(pid_t(cli.processId()), SIGKILL);
        QVERIFY(cli.waitForFinished(10000));
        QVERIFY2(waitUntil([&] { return restoresOf(archive) == 0; }, 10000),
                 "pg_restore outlived the process that started it");
        QVERIFY(test::sandboxLeftovers() > 0);
        const auto next =
            test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                          test::demoCluster().liveUri(), QStringLiteral("--backup-archive"),
                          archive, QStringLiteral("--table"), QStringLiteral("refunds")});
        QCOMPARE(next.exitCode, 0);
        QVERIFY2(next.err.contains("left behind by an interrupted comparison"),
                 next.err.constData());
        QCOMPARE(test::sandboxLeftovers(), 0);
        QVERIFY(!test::sandboxClusterRunning());
    }

    void aSandboxServerThatStopsIsNotBlamedOnTheArchive()
    {
        const QString archive = test::demoCluster().dumpPath();
        QProcess cli;
        startDiff(cli, archive);
        QByteArray err;
        QVERIFY2(restoreRunning(cli, archive, err), err.constData());
        QStringList args{QStringLiteral("stop"), QStringLiteral("-D"),
                         pgtools::SandboxCluster::defaultDir() + QStringLiteral("/data"),
                         QStringLiteral("-m"), QStringLiteral("immediate")};
        QString program = pgtools::postgresProgram(QStringLiteral("pg_ctl"));
        if (::geteuid() == 0) {
            args = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                               QStringLiteral("--"), program} +
                   args;
            program = QStringLiteral("runuser");
        }
        QCOMPARE(pgtools::runProcess(program, args, 60000, false).exitCode, 0);
        QVERIFY(cli.waitForFinished(60000));
        err += cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY2(err.contains("stopped answering") && err.contains("not to blame"),
                 err.constData());
        QCOMPARE(restoresOf(archive), 0);
        // The next comparison starts the sandbox again and drops the leftover.
        const auto next =
            test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                          test::demoCluster().liveUri(), QStringLiteral("--backup-archive"),
                          archive, QStringLiteral("--table"), QStringLiteral("refunds")});
        QCOMPARE(next.exitCode, 0);
        QCOMPARE(test::sandboxLeftovers(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRestoreSandbox)
#include "test_restore_sandbox.moc"
