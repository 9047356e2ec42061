// Investigation on a hot standby, records on the primary, through one
// connection naming both: a small demo as the primary, a streaming standby
// made from it with pg_basebackup (both throwaway clusters on unix
// sockets), the primary writing and vacuuming all the while so that the
// standby cancels reads for recovery conflicts (max_standby_streaming_delay
// = 0, no hot_standby_feedback). Scans and diffs on the standby must give
// what the primary gives, or a message that says why and what to change;
// cases and batches must land on the primary; a standby alone, a replica of
// another database and a standby too far behind are refused in words.
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "pgtools/postgres_programs.h"
#include "pgtools/throwaway_cluster.h"
#include "support/cli_run.h"
#include "support/console_fixture.h"
#include "widgets/environment_banner.h"
#include "widgets/main_window.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <atomic>
#include <thread>

#include <unistd.h>

using namespace payops;
using test::runCli;

namespace {

QString encoded(const QString &path)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(path));
}

// A URI reaching `database` as `who` (password = name, as the demo's
// people have) on the servers whose socket directories are `hosts`, in
// that order.
QString uriOn(const QStringList &hosts, const QString &who,
              const QString &database = QStringLiteral("billing"))
{
    QStringList encodedHosts, ports;
    for (const QString &host : hosts) {
        encodedHosts << encoded(host);
        ports << QStringLiteral("5432");
    }
    return QStringLiteral("postgresql://%1:%1@/%2?host=%3&port=%4")
        .arg(who, database, encodedHosts.join(QLatin1Char(',')), ports.join(QLatin1Char(',')));
}

QString adminUri(const QString &host, const QString &database = QStringLiteral("billing"))
{
    return QStringLiteral("postgresql://payops_admin@/%1?host=%2&port=5432")
        .arg(database, encoded(host));
}

std::unique_ptr<db::Session> adminOn(const QString &host, bool writable = false)
{
    db::SessionOptions options;
    options.readOnly = !writable;
    options.server = db::Server::Investigation; // exactly the server named
    options.statementTimeoutMs = 0;
    return std::make_unique<db::Session>(ConnectionProfile::fromUri(adminUri(host)), QString(),
                                         options, QStringLiteral("test"));
}

QString valueOn(const QString &host, const QString &sql)
{
    return adminOn(host)->query(sql).rows.value(0).value(0);
}

// What a person compares between two scans: each finding's title,
// severity, rows, users and totals.
QStringList findingsOf(const QByteArray &json)
{
    QStringList lines;
    for (const QJsonValue &value :
         QJsonDocument::fromJson(json).object()[QStringLiteral("findings")].toArray()) {
        const QJsonObject f = value.toObject();
        lines << QStringLiteral("%1 | %2 | %3 rows | %4 users | %5")
                     .arg(f[QStringLiteral("severity")].toString(),
                          f[QStringLiteral("title")].toString())
                     .arg(f[QStringLiteral("rows")].toInteger())
                     .arg(f[QStringLiteral("users")].toInteger())
                     .arg(QString::fromUtf8(QJsonDocument(f[QStringLiteral("totals")].toArray())
                                                .toJson(QJsonDocument::Compact)));
    }
    lines.sort();
    return lines;
}

// What a person compares between two diffs: per table, the counts and
// the set of differing rows (each its change and key; the order in which
// they arrive may differ when a piece ran again), and who lost rows.
QString diffCountsOf(const QByteArray &json)
{
    const QJsonObject document = QJsonDocument::fromJson(json).object();
    QStringList tables;
    for (const QJsonValue &value : document[QStringLiteral("tables")].toArray()) {
        QJsonObject table = value.toObject();
        QStringList rows;
        for (const QJsonValue &row : table[QStringLiteral("rows")].toArray())
            rows << row.toObject()[QStringLiteral("change")].toString() + u' ' +
                        QString::fromUtf8(
                            QJsonDocument(row.toObject()[QStringLiteral("key")].toObject())
                                .toJson(QJsonDocument::Compact));
        rows.sort();
        table.remove(QStringLiteral("rows"));
        tables << QString::fromUtf8(QJsonDocument(table).toJson(QJsonDocument::Compact)) +
                      QStringLiteral(" rows: ") + rows.join(u',');
    }
    return tables.join(u'\n') + QStringLiteral("\nlost: ") +
           QString::fromUtf8(
               QJsonDocument(document[QStringLiteral("users_who_lost_rows")].toObject())
                   .toJson(QJsonDocument::Compact));
}

// Writes and vacuums a table of its own on the primary (in a schema of its
// own, which no profile maps and no diff of the billing schema reads), as a busy billing
// primary does: each VACUUM that the standby replays removes row versions
// older reads there may still need, and with max_standby_streaming_delay
// = 0 the standby cancels those reads at once.
class Churn
{
public:
    Churn(const QString &primaryHost, int pauseMs)
        : m_thread([this, primaryHost, pauseMs] {
            auto session = adminOn(primaryHost, true);
            while (!m_stop) {
                session->executeScript(QStringLiteral("UPDATE churn.churn SET v = v + 1"));
                session->executeScript(QStringLiteral("VACUUM churn.churn"));
                ++m_rounds;
                std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs));
            }
        })
    {
    }
    ~Churn()
    {
        m_stop = true;
        m_thread.join();
    }
    int rounds() const { return m_rounds; }

private:
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_rounds{0};
    std::thread m_thread;
};

} // namespace

class TestStandby : public QObject
{
    Q_OBJECT

    QString m_primaryDir, m_standbyDir;
    std::unique_ptr<demo::DemoCluster> m_primary;
    std::unique_ptr<pgtools::ThrowawayCluster> m_standby;

    QString multiHost(const QString &who) const { return uriOn({m_standbyDir, m_primaryDir}, who); }
    QString standbyOnly(const QString &who) const { return uriOn({m_standbyDir}, who); }
    QString primaryOnly(const QString &who) const { return uriOn({m_primaryDir}, who); }

    qint64 conflictsOnStandby() const
    {
        return valueOn(m_standbyDir,
                       QStringLiteral("SELECT confl_snapshot + confl_lock + confl_bufferpin + "
                                      "confl_deadlock FROM pg_stat_database_conflicts WHERE "
                                      "datname = 'billing'"))
            .toLongLong();
    }

    // The standby has replayed everything the primary wrote so far.
    void waitForReplay()
    {
        const QString target =
            valueOn(m_primaryDir, QStringLiteral("SELECT pg_current_wal_lsn()::text"));
        QElapsedTimer timer;
        timer.start();
        while (valueOn(
                   m_standbyDir,
                   QStringLiteral("SELECT pg_last_wal_replay_lsn() >= '%1'::pg_lsn").arg(target)) !=
               u"t") {
            if (timer.elapsed() > 60000)
                QFAIL("the standby did not catch up within a minute");
            QTest::qWait(100);
        }
    }

private slots:
    void initTestCase()
    {
        const QString base = QStringLiteral("/tmp/payops-stb-%1").arg(::getpid());
        m_primaryDir = base + QStringLiteral("-p");
        m_standbyDir = base + QStringLiteral("-s");
        const auto log = [](const QString &) {
        };
        // Through the command line, as a person starts it: the demo's
        // payment provider comes with it.
        const test::CliRun started =
            runCli({QStringLiteral("demo"), QStringLiteral("start"), QStringLiteral("--scale"),
                    QStringLiteral("0.2"), QStringLiteral("--dir"), m_primaryDir});
        QVERIFY2(started.exitCode == 0, started.err.constData());
        m_primary = std::make_unique<demo::DemoCluster>(m_primaryDir);

        // The primary lets its owner stream WAL over the socket.
        QFile hba(m_primaryDir + QStringLiteral("/data/pg_hba.conf"));
        QVERIFY(hba.open(QIODevice::Append));
        hba.write("local replication payops_admin trust\n");
        hba.close();
        adminOn(m_primaryDir, true)->query(QStringLiteral("SELECT pg_reload_conf()"));
        auto setup = adminOn(m_primaryDir, true);
        setup->executeScript(
            QStringLiteral("CREATE SCHEMA churn; "
                           "CREATE TABLE churn.churn (id int PRIMARY KEY, v int NOT NULL); "
                           "INSERT INTO churn.churn SELECT g, 0 FROM generate_series(1, 2000) g"));

        // The standby: a base backup that streams from the primary.
        m_standby = std::make_unique<pgtools::ThrowawayCluster>(m_standbyDir,
                                                                QStringLiteral("the standby"));
        QDir().mkpath(m_standbyDir);
        QFile::setPermissions(m_standbyDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_standby->giveToClusterOwner(m_standbyDir);
        QStringList arguments{QStringLiteral("-D"),
                              m_standbyDir + QStringLiteral("/data"),
                              QStringLiteral("-R"),
                              QStringLiteral("-X"),
                              QStringLiteral("stream"),
                              QStringLiteral("-c"),
                              QStringLiteral("fast"),
                              QStringLiteral("-h"),
                              m_primaryDir,
                              QStringLiteral("-p"),
                              QStringLiteral("5432"),
                              QStringLiteral("-U"),
                              QStringLiteral("payops_admin")};
        QString program = pgtools::postgresProgram(QStringLiteral("pg_basebackup"));
        if (::geteuid() == 0) {
            arguments = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                    QStringLiteral("--"), program} +
                        arguments;
            program = QStringLiteral("runuser");
        }
        QProcess basebackup;
        basebackup.start(program, arguments);
        QVERIFY(basebackup.waitForFinished(300000));
        QVERIFY2(basebackup.exitCode() == 0, basebackup.readAllStandardError().constData());
        m_standby->start(QStringLiteral("-c hot_standby=on -c max_standby_streaming_delay=0 "
                                        "-c hot_standby_feedback=off"),
                         log);
        QCOMPARE(valueOn(m_standbyDir, QStringLiteral("SELECT pg_is_in_recovery()")),
                 QStringLiteral("t"));
        waitForReplay();
    }

    void cleanupTestCase()
    {
        if (m_standby)
            m_standby->remove();
        if (m_primary) {
            runCli({QStringLiteral("demo"), QStringLiteral("stop"), QStringLiteral("--dir"),
                    m_primaryDir});
            m_primary->stop();
            QDir(m_primaryDir).removeRecursively();
        }
    }

    // One connection naming the standby and the primary: the scan reads
    // the standby and says so (and how current its data is); the case and
    // the refund batch built through the same connection land on the
    // primary, and the batch runs there.
    void investigationOnStandbyRecordsOnPrimary()
    {
        const test::CliRun scan = runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                                          multiHost(QStringLiteral("oncall")),
                                          QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(scan.exitCode == 0 || scan.exitCode == 3, scan.err.constData());
        const QJsonObject server =
            QJsonDocument::fromJson(scan.out).object()[QStringLiteral("server")].toObject();
        QVERIFY(server[QStringLiteral("standby")].toBool());
        QVERIFY2(server[QStringLiteral("investigation")].toString().startsWith(m_standbyDir),
                 qPrintable(server[QStringLiteral("investigation")].toString()));
        QVERIFY(server[QStringLiteral("primary")].toString().startsWith(m_primaryDir));
        QVERIFY(!QJsonDocument::fromJson(scan.out)
                     .object()[QStringLiteral("data_up_to")]
                     .toString()
                     .isEmpty());
        const test::CliRun onPrimary = runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                                               primaryOnly(QStringLiteral("oncall")),
                                               QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(!findingsOf(scan.out).isEmpty());
        QCOMPARE(findingsOf(scan.out), findingsOf(onPrimary.out));
        const test::CliRun text = runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                                          multiHost(QStringLiteral("oncall")),
                                          QStringLiteral("--detector"), QStringLiteral("orphans")});
        QVERIFY2(text.out.contains("Read from the investigation on the standby"),
                 text.out.left(400).constData());

        const auto as = [&](const QString &who, QStringList arguments) {
            return runCli(arguments << QStringLiteral("--db") << multiHost(who));
        };
        const test::CliRun opened =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--title"),
                QStringLiteral("On the standby")});
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        const QString caseId = QString::fromUtf8(opened.out).trimmed().section(u'=', 1);
        QCOMPARE(
            valueOn(m_primaryDir,
                    QStringLiteral("SELECT title FROM payops.cases WHERE id = %1").arg(caseId)),
            QStringLiteral("On the standby"));
        const test::CliRun planned =
            as(QStringLiteral("oncall"),
               {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("refund"),
                QStringLiteral("--charges-of-rows"),
                QStringLiteral("SELECT id AS charge FROM payments WHERE status = 'succeeded' AND "
                               "currency = 'USD' ORDER BY id LIMIT 3"),
                QStringLiteral("--case"), caseId, QStringLiteral("--destination"),
                QStringLiteral("demo-psp"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QString batch = QString::number(
            QJsonDocument::fromJson(planned.out).object()[QStringLiteral("batch")].toInteger());
        const QString hash = QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
                                 .match(QString::fromUtf8(
                                     as(QStringLiteral("oncall"),
                                        {QStringLiteral("batch"), QStringLiteral("submit"), batch})
                                         .out))
                                 .captured(0);
        QVERIFY(!hash.isEmpty());
        QCOMPARE(as(QStringLiteral("finance"), {QStringLiteral("batch"), QStringLiteral("approve"),
                                                batch, QStringLiteral("--hash"), hash})
                     .exitCode,
                 0);

        // Run through the standby alone: impossible, and it says so.
        qputenv("PAYOPS_PROVIDER_KEY", demo::DemoProvider::key().toUtf8());
        const test::CliRun throughStandby =
            runCli({QStringLiteral("batch"), QStringLiteral("run"), batch, QStringLiteral("--db"),
                    standbyOnly(QStringLiteral("oncall"))});
        QVERIFY(throughStandby.exitCode != 0);
        QVERIFY2(throughStandby.err.contains("reaches only a standby"),
                 throughStandby.err.constData());
        QCOMPARE(
            valueOn(m_primaryDir,
                    QStringLiteral("SELECT state FROM payops.batches WHERE id = %1").arg(batch)),
            QStringLiteral("approved"));

        // Through the connection naming both: on the primary, bound to it.
        const test::CliRun ran =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), batch});
        QVERIFY2(ran.out.contains(" is done: 3 applied"), (ran.err + ran.out).constData());
        QCOMPARE(
            valueOn(m_primaryDir,
                    QStringLiteral("SELECT state FROM payops.batches WHERE id = %1").arg(batch)),
            QStringLiteral("done"));
    }

    // The console, on the connection naming both, says in its banner that
    // investigation reads the standby, how far behind it is, and where
    // records go; with replay paused past the profile's lag limit it warns
    // that scans are refused.
    void theBannerShowsTheStandbyItsLagAndThePrimary()
    {
        test::ConsoleFixture fixture;
        ConnectionProfile profile = ConnectionProfile::fromUri(multiHost(QStringLiteral("oncall")));
        {
            auto window = fixture.connectedWindow(profile, QStringLiteral("oncall"));
            QTRY_VERIFY_WITH_TIMEOUT(
                window->banner()->routeLine().contains(QStringLiteral("Records: the primary at ")),
                20000);
            const QString line = window->banner()->routeLine();
            QVERIFY2(line.startsWith(QStringLiteral("Investigation: standby")), qPrintable(line));
            QVERIFY2(line.contains(QStringLiteral(" at ") + m_standbyDir), qPrintable(line));
            QVERIFY2(line.contains(QStringLiteral("the primary at ") + m_primaryDir),
                     qPrintable(line));
            QVERIFY2(window->banner()->text().contains(QStringLiteral("Investigation: standby")),
                     qPrintable(window->banner()->text()));
        }

        // Replay paused, the primary writes on: the standby falls behind,
        // and past a 1 s limit the banner says how far and what follows.
        adminOn(m_standbyDir)->query(QStringLiteral("SELECT pg_wal_replay_pause()"));
        adminOn(m_primaryDir, true)
            ->query(QStringLiteral("UPDATE churn.churn SET v = v + 1 WHERE id = 1"));
        QTest::qWait(3000);
        adminOn(m_primaryDir, true)
            ->query(QStringLiteral("UPDATE churn.churn SET v = v + 1 WHERE id = 2"));
        profile.maxStandbyLagSeconds = 1;
        {
            auto window = fixture.connectedWindow(profile, QStringLiteral("oncall"));
            QTRY_VERIFY_WITH_TIMEOUT(
                window->banner()->routeLine().contains(QStringLiteral("behind")), 20000);
            const QString line = window->banner()->routeLine();
            QVERIFY2(line.contains(QStringLiteral("behind the primary (data up to ")),
                     qPrintable(line));
            QVERIFY2(line.contains(QStringLiteral("beyond the 1 s limit: scans are refused")),
                     qPrintable(line));
        }
        adminOn(m_standbyDir)->query(QStringLiteral("SELECT pg_wal_replay_resume()"));
        waitForReplay();
    }

    // The primary keeps writing and vacuuming while scans and a diff read
    // the standby: the standby cancels some of their statements, and each
    // run ends with the primary's very answer (the cancelled statements ran
    // again, and the output says how many) or with a message naming what
    // to change; never with fewer findings or rows.
    void scanAndDiffCompleteDespiteRecoveryConflicts()
    {
        const QStringList expected =
            findingsOf(runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                               primaryOnly(QStringLiteral("oncall")), QStringLiteral("--format"),
                               QStringLiteral("json")})
                           .out);
        const QStringList diffArguments{
            QStringLiteral("diff"), QStringLiteral("--backup"),
            uriOn({m_primaryDir}, QStringLiteral("oncall"), QStringLiteral("billing_backup")),
            QStringLiteral("--format"), QStringLiteral("json")};
        const test::CliRun primaryDiff =
            runCli(QStringList(diffArguments)
                   << QStringLiteral("--db") << primaryOnly(QStringLiteral("oncall")));
        QVERIFY2(primaryDiff.exitCode == 0, primaryDiff.err.constData());
        const QString expectedDiff = diffCountsOf(primaryDiff.out);
        QVERIFY2(expectedDiff.contains(QStringLiteral("\"changed\":")), qPrintable(expectedDiff));

        int conflicted = 0, retried = 0, explained = 0;
        {
            // A vacuum every 2.5 s: most statements finish between
            // two, a longer one meets one and runs again. On a loaded
            // machine none may meet one, so until one has, more runs with a
            // vacuum every 300 ms (at most 6). In the last two runs one
            // every few milliseconds, which some pieces cannot outlast.
            std::unique_ptr<Churn> churn = std::make_unique<Churn>(m_primaryDir, 2500);
            int extra = 0;
            for (int run = 0; run < 6; ++run) {
                if (run == 4 && retried == 0 && extra < 6) {
                    if (extra == 0)
                        churn = std::make_unique<Churn>(m_primaryDir, 300);
                    ++extra;
                    run = 3; // an extra run (a diff, as run 3 is); then the last two
                } else if (run == 4)
                    churn = std::make_unique<Churn>(m_primaryDir, 5);
                const qint64 before = conflictsOnStandby();
                const bool diff = run % 2 == 1;
                const test::CliRun result =
                    diff ? runCli(QStringList(diffArguments)
                                  << QStringLiteral("--db") << standbyOnly(QStringLiteral("oncall"))
                                  << QStringLiteral("--primary")
                                  << primaryOnly(QStringLiteral("oncall")))
                         : runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                                   multiHost(QStringLiteral("oncall")), QStringLiteral("--format"),
                                   QStringLiteral("json")});
                const qint64 conflicts = conflictsOnStandby() - before;
                if (conflicts > 0)
                    ++conflicted;
                const QJsonObject document = QJsonDocument::fromJson(result.out).object();
                const bool finished =
                    diff ? result.exitCode == 0
                         : result.exitCode <= 3 && result.exitCode != 1 && result.exitCode != 2;
                const bool failedAll =
                    !diff && document[QStringLiteral("failures")].toArray().size() > 0;
                if (finished && !failedAll) {
                    if (diff)
                        QCOMPARE(diffCountsOf(result.out), expectedDiff);
                    else
                        QCOMPARE(findingsOf(result.out), expected);
                    const int again = (diff ? document[QStringLiteral("live")]
                                            : document[QStringLiteral("server")])
                                          .toObject()[QStringLiteral("recovery_conflicts_retried")]
                                          .toInt();
                    retried += again;
                    if (conflicts > 0)
                        QVERIFY2(again > 0, "the standby cancelled statements of a run that "
                                            "says none ran again");
                } else {
                    // Gave up: it says what happened and what to change.
                    const QByteArray said =
                        result.err +
                        QJsonDocument(document[QStringLiteral("failures")].toArray()).toJson();
                    QVERIFY2(said.contains("recovery conflict") &&
                                 said.contains("hot_standby_feedback") &&
                                 said.contains("max_standby_streaming_delay"),
                             said.constData());
                    ++explained;
                }
            }
            QVERIFY(churn->rounds() > 3);
        }
        qInfo("runs with recovery conflicts: %d; statements run again: %d; runs that gave up "
              "with the reason: %d",
              conflicted, retried, explained);
        QVERIFY2(conflicted > 0, "the primary's vacuums caused no recovery conflict on the "
                                 "standby: the test forced nothing");
        QVERIFY2(retried > 0, "no cancelled statement was run again and finished");
    }

    // Records need the primary: a standby alone is refused for them with
    // what to add, while investigation there still works.
    void standbyAloneRefusesRecordWork()
    {
        const test::CliRun cases =
            runCli({QStringLiteral("case"), QStringLiteral("list"), QStringLiteral("--db"),
                    standbyOnly(QStringLiteral("oncall"))});
        QVERIFY(cases.exitCode != 0);
        QVERIFY2(cases.err.contains("reaches only a standby") && cases.err.contains("--primary"),
                 cases.err.constData());
        const test::CliRun opened =
            runCli({QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--title"),
                    QStringLiteral("Nowhere"), QStringLiteral("--db"),
                    standbyOnly(QStringLiteral("oncall"))});
        QVERIFY(opened.exitCode != 0);
        QVERIFY(opened.err.contains("reaches only a standby"));
        QCOMPARE(
            valueOn(m_primaryDir, QStringLiteral("SELECT count(*) FROM payops.cases WHERE title = "
                                                 "'Nowhere'")),
            QStringLiteral("0"));
        // Investigation alone works there, and says the primary was not reached.
        const test::CliRun scan = runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                                          standbyOnly(QStringLiteral("oncall")),
                                          QStringLiteral("--detector"), QStringLiteral("orphans")});
        QVERIFY2(scan.exitCode == 0 || scan.exitCode == 3, scan.err.constData());
        QVERIFY2(scan.out.contains("no primary for records"), scan.out.left(400).constData());
    }

    // A primary given for a standby of another database: refused before
    // anything runs.
    void replicaOfAnotherDatabaseRefused()
    {
        const test::CliRun scan = runCli(
            {QStringLiteral("scan"), QStringLiteral("--db"), standbyOnly(QStringLiteral("oncall")),
             QStringLiteral("--primary"),
             uriOn({m_primaryDir}, QStringLiteral("oncall"), QStringLiteral("billing_backup"))});
        QCOMPARE(scan.exitCode, 1);
        QVERIFY2(scan.err.contains("is not a replica of the primary") &&
                     scan.err.contains("different databases"),
                 scan.err.constData());
        QVERIFY(scan.out.isEmpty());
    }

    // A standby whose replay stopped while the primary went on is refused
    // for investigation beyond the limit, with how far behind it is.
    void lagBeyondLimitRefused()
    {
        const test::CliRun badLimit = runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                                              multiHost(QStringLiteral("oncall")),
                                              QStringLiteral("--max-lag"), QStringLiteral("5x")});
        QVERIFY(badLimit.exitCode != 0);
        QVERIFY2(badLimit.err.contains("--max-lag \"5x\" is no duration"),
                 badLimit.err.constData());

        adminOn(m_standbyDir)->query(QStringLiteral("SELECT pg_wal_replay_pause()"));
        auto primary = adminOn(m_primaryDir, true);
        primary->executeScript(QStringLiteral("UPDATE churn.churn SET v = v + 1 WHERE id = 1"));
        QTest::qWait(3500);
        primary->executeScript(QStringLiteral("UPDATE churn.churn SET v = v + 1 WHERE id = 2"));
        const test::CliRun behind = runCli({QStringLiteral("scan"), QStringLiteral("--db"),
                                            multiHost(QStringLiteral("oncall")),
                                            QStringLiteral("--max-lag"), QStringLiteral("2s")});
        const test::CliRun allowed = runCli(
            {QStringLiteral("scan"), QStringLiteral("--db"), multiHost(QStringLiteral("oncall")),
             QStringLiteral("--max-lag"), QStringLiteral("10m"), QStringLiteral("--detector"),
             QStringLiteral("orphans")});
        adminOn(m_standbyDir)->query(QStringLiteral("SELECT pg_wal_replay_resume()"));
        QCOMPARE(behind.exitCode, 1);
        QVERIFY2(behind.err.contains("The standby is") && behind.err.contains("behind") &&
                     behind.err.contains("--max-lag"),
                 behind.err.constData());
        QVERIFY(behind.out.isEmpty());
        QVERIFY2(allowed.exitCode == 0 || allowed.exitCode == 3, allowed.err.constData());
        QVERIFY2(allowed.out.contains("behind the primary (data up to"),
                 allowed.out.left(400).constData());
        waitForReplay();
    }
};

QTEST_MAIN(TestStandby)
#include "test_standby.moc"
