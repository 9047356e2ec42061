// The diff engine against the demo's ground truth: comparing live with
// billing_backup must give exactly the net effect of every change the
// demo recorded after the backup (incidents and normal life), row by row,
// with the changed columns of each changed row.
#include "core/connection_secrets.h"
#include "core/profile_store.h"
#include "db/session.h"
#include "diff/backup_diff_job.h"
#include "diff/database_diff.h"
#include "diff/population.h"
#include "diff/row_hash.h"
#include "diff/table_differ.h"
#include "diff/user_diff.h"
#include "pgtools/archive_sandbox.h"
#include "report/user_export.h"
#include "schema/schema_profile.h"
#include "support/cli_run.h"
#include "support/demo_truth.h"
#include "support/test_demo.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;

class TestDiffOnDemo : public QObject
{
    Q_OBJECT

    // "table|change|key" for every row whose net change is visible.
    QSet<QString> m_expected;
    QHash<QString, QStringList> m_expectedColumns; // "table|key" -> changed columns
    QHash<QString, QStringList> m_netChanges;      // as test::netChangesSinceBackup()

    QTemporaryDir m_dir;

    static std::unique_ptr<db::Session> adminSession(const QString &database)
    {
        db::SessionOptions writable;
        writable.readOnly = false;
        return std::make_unique<db::Session>(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(database)), QString(),
            writable);
    }

    // Two scratch databases made alike by `setup`; `liveChanges` then runs
    // on the first, the live side.
    static void createScratchPair(const QStringList &databases, const QString &setup,
                                  const QString &liveChanges)
    {
        for (const QString &database : databases) {
            auto server = adminSession(QStringLiteral("postgres"));
            server->executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(database));
            server->executeScript(QStringLiteral("CREATE DATABASE %1").arg(database));
            adminSession(database)->executeScript(setup);
        }
        adminSession(databases[0])->executeScript(liveChanges);
    }

    static void dropScratchPair(const QStringList &databases)
    {
        for (const QString &database : databases)
            adminSession(QStringLiteral("postgres"))
                ->executeScript(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(database));
    }

private slots:
    void initTestCase()
    {
        // The net effect per row: the first change's old row against the
        // last change's new row.
        m_netChanges = test::netChangesSinceBackup();
        for (auto it = m_netChanges.cbegin(); it != m_netChanges.cend(); ++it) {
            m_expected.insert(it.key());
            const QStringList parts = it.key().split(QLatin1Char('|'));
            if (parts[1] == u"changed")
                m_expectedColumns.insert(parts[0] + QLatin1Char('|') + parts[2], it.value());
        }
        QVERIFY(m_expected.size() > 100000);
    }

private:
    void verifyExactDiff(const ConnectionProfile &backupProfile,
                         const QString &backupPassword = QString())
    {
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        db::Session backup(backupProfile, backupPassword, db::SessionOptions());
        QSet<QString> found;
        int columnMismatches = 0;
        QString firstMismatch;
        // The backup's time as the demo's profile names it: rows created
        // after it are new since the backup, not losses.
        const diff::BackupTime takenAt{test::demoCluster().backups().value(0).takenAt,
                                       diff::BackupTime::Source::Entered};
        QVERIFY(takenAt.isKnown());
        const diff::DatabaseDiffPlan plan =
            diff::planDatabaseDiff(live, backup, schema::SchemaProfile::demo(), {}, takenAt);
        QCOMPARE(plan.backupTime.takenAt, takenAt.takenAt);
        QVERIFY(plan.tables.size() >= 10);
        double lastProgress = 0;
        bool progressWentBack = false;
        diff::runDatabaseDiff(
            live, backup, plan,
            [&](const diff::RowChange &change) {
                const QString &table = change.table;
                found.insert(table + QLatin1Char('|') + diff::kindName(change.kind) +
                             QLatin1Char('|') + change.key);
                if (change.kind == diff::RowChange::Kind::Changed) {
                    const QStringList expected =
                        m_expectedColumns.value(table + QLatin1Char('|') + change.key);
                    if (expected != change.changedColumns && !expected.isEmpty()) {
                        QStringList sorted = change.changedColumns;
                        sorted.sort();
                        if (sorted != expected && ++columnMismatches == 1)
                            firstMismatch = change.key + QStringLiteral(": ") +
                                            sorted.join(QLatin1Char(' ')) + QStringLiteral(" vs ") +
                                            expected.join(QLatin1Char(' '));
                    }
                }
            },
            [&](const diff::DiffProgress &progress) {
                progressWentBack |= progress.overall() < lastProgress;
                lastProgress = progress.overall();
            });
        QVERIFY(!progressWentBack);
        QCOMPARE(lastProgress, 1.0);
        const QSet<QString> missed = m_expected - found;
        const QSet<QString> extra = found - m_expected;
        QVERIFY2(missed.isEmpty(),
                 qPrintable(QStringLiteral("%1 missed, e.g. %2")
                                .arg(missed.size())
                                .arg(missed.isEmpty() ? QString() : *missed.begin())));
        QVERIFY2(extra.isEmpty(),
                 qPrintable(QStringLiteral("%1 extra, e.g. %2")
                                .arg(extra.size())
                                .arg(extra.isEmpty() ? QString() : *extra.begin())));
        QVERIFY2(columnMismatches == 0,
                 qPrintable(QStringLiteral("%1 rows with other changed columns, e.g. %2")
                                .arg(columnMismatches)
                                .arg(firstMismatch)));
        // The overwritten conversations changed in status, assignee and time.
        QVERIFY(found.contains(QStringLiteral("support_conversations|changed|{\"id\": 4}")));
    }

private slots:
    void theDiffIsExactlyTheManifest()
    {
        verifyExactDiff(
            ConnectionProfile::fromUri(test::demoCluster().backupUri(), QStringLiteral("demo")));
    }

    void theSameFromThePgDumpArchive()
    {
        // On the console's own sandbox cluster, as the sandbox's own role.
        const pgtools::ArchiveSandbox sandbox(test::demoCluster().dumpPath(),
                                              pgtools::SandboxServer::own());
        QVERIFY(test::sandboxClusterRunning());
        QCOMPARE(sandbox.info().format, QStringLiteral("custom"));
        QCOMPARE(sandbox.info().database, QStringLiteral("billing"));
        // pg_dump's own time is when the archive was written.
        QVERIFY(sandbox.info().createdAt.isValid());
        verifyExactDiff(ConnectionProfile::fromUri(sandbox.uri()), sandbox.password());
    }

    void aBackupNamedInAConnectionProfileIsFoundByName()
    {
        // The console's settings, in a directory of the test's own.
        const QString config = m_dir.filePath(QStringLiteral("config"));
        QSettings settings(config + QStringLiteral("/payops/payops-console.conf"),
                           QSettings::IniFormat);
        ProfileStore store(settings);
        ConnectionProfile profile = test::personProfile(QStringLiteral("oncall"));
        // Saved without its password (the store refuses one); the command
        // line finds it where libpq looks, here a passfile.
        profile.backups = {{QStringLiteral("nightly"),
                            withoutPassword(test::demoCluster().backupUri()),
                            QDateTime(QDate(2026, 4, 10), QTime(0, 0), Qt::UTC)}};
        store.save(profile);
        settings.sync();
        QFile passfile(m_dir.filePath(QStringLiteral("pgpass")));
        QVERIFY(passfile.open(QIODevice::WriteOnly));
        passfile.write("*:*:billing_backup:oncall:oncall\n");
        passfile.close();
        QVERIFY(passfile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        qputenv("PGPASSFILE", passfile.fileName().toUtf8());
        qputenv("XDG_CONFIG_HOME", config.toUtf8());
        const QStringList arguments = {
            QStringLiteral("diff"),     QStringLiteral("--db"),     test::demoCluster().liveUri(),
            QStringLiteral("--backup"), QStringLiteral("nightly"),  QStringLiteral("--table"),
            QStringLiteral("refunds"),  QStringLiteral("--format"), QStringLiteral("json")};
        const auto run = test::runCli(arguments);
        // The same name in a second profile: which one is meant cannot be told.
        profile.name = QStringLiteral("another");
        store.save(profile);
        settings.sync();
        const auto ambiguous = test::runCli(arguments);
        qunsetenv("XDG_CONFIG_HOME");
        qunsetenv("PGPASSFILE");
        QCOMPARE(run.exitCode, 0);
        const QJsonObject diff = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(diff.value(QStringLiteral("backup")).toObject().value(QStringLiteral("name")),
                 QJsonValue(QStringLiteral("nightly")));
        QCOMPARE(diff.value(QStringLiteral("backup")).toObject().value(QStringLiteral("taken_at")),
                 QJsonValue(QStringLiteral("2026-04-10T00:00:00Z")));
        QCOMPARE(ambiguous.exitCode, 1);
        QVERIFY2(ambiguous.err.contains("Several connection profiles name a backup \"nightly\""),
                 ambiguous.err.constData());
    }

    void aBackupNewerThanLiveIsRefused()
    {
        // Swapped by mistake: billing_backup given as live, billing as its backup.
        db::Session live(ConnectionProfile::fromUri(test::demoCluster().backupUri()), QString(),
                         db::SessionOptions());
        db::Session backup(test::liveProfile(), QString(), db::SessionOptions());
        const QString error = test::errorOf([&] {
            diff::planDatabaseDiff(live, backup, schema::SchemaProfile::demo(),
                                   {QStringLiteral("payments")}, {});
        });
        QVERIFY2(error.contains(QStringLiteral("The backup is newer than live: its newest payments "
                                               "row is from 2026-")),
                 qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("not swapped")));
    }

    void aTakenAtTimeTheBackupContradictsIsRefused()
    {
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        db::Session backup(ConnectionProfile::fromUri(test::demoCluster().backupUri()), QString(),
                           db::SessionOptions());
        const diff::BackupTime march{QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC),
                                     diff::BackupTime::Source::Entered};
        const QString error = test::errorOf([&] {
            diff::planDatabaseDiff(live, backup, schema::SchemaProfile::demo(),
                                   {QStringLiteral("payments")}, march);
        });
        QVERIFY2(error.contains(QStringLiteral("after the time it is said to be taken, 2026-03-01 "
                                               "00:00:00 UTC (entered)")),
                 qPrintable(error));
        // Without a time, the newest charge bounds it: just before the demo's backup moment.
        const diff::DatabaseDiffPlan plan = diff::planDatabaseDiff(
            live, backup, schema::SchemaProfile::demo(), {QStringLiteral("payments")}, {});
        QCOMPARE(plan.backupTime.source, diff::BackupTime::Source::NewestRecord);
        const QDateTime moment = test::demoCluster().backups().value(0).takenAt;
        QVERIFY(plan.backupTime.takenAt <= moment);
        QVERIFY(plan.backupTime.takenAt > moment.addDays(-1));
    }

    void aCopyOfAnotherDatabaseIsRefused()
    {
        // The demo's archive restored, then its oldest payments rewritten:
        // the same schema, other rows under the same keys, as a copy of
        // another billing database would have.
        // On a server the operator names (the demo's, as its superuser).
        const pgtools::ArchiveSandbox sandbox(
            test::demoCluster().dumpPath(),
            pgtools::SandboxServer::configured(
                test::demoCluster().adminUri(QStringLiteral("postgres"))));
        {
            db::SessionOptions writable;
            writable.readOnly = false;
            QString admin = sandbox.uri();
            db::Session other(ConnectionProfile::fromUri(admin), sandbox.password(), writable);
            other.executeScript(
                QStringLiteral("UPDATE payments SET amount_minor = amount_minor + 1 "
                               "WHERE id IN (SELECT id FROM payments ORDER BY id LIMIT 500)"));
        }
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        db::Session backup(ConnectionProfile::fromUri(sandbox.uri()), sandbox.password(),
                           db::SessionOptions());
        const QString error = test::errorOf([&] {
            diff::planDatabaseDiff(live, backup, schema::SchemaProfile::demo(),
                                   {QStringLiteral("payments")}, {});
        });
        QVERIFY2(error.contains(QStringLiteral("This backup is not a copy of the live database: of "
                                               "the 200 oldest rows of payments in the backup, 200 "
                                               "have a key live has too, and only 0 of those are "
                                               "the same row")),
                 qPrintable(error));
    }

    void cancellingStopsBothServersAndSaysSo()
    {
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        db::Session backup(ConnectionProfile::fromUri(test::demoCluster().backupUri()), QString(),
                           db::SessionOptions());
        const diff::DatabaseDiffPlan plan =
            diff::planDatabaseDiff(live, backup, schema::SchemaProfile::demo(), {}, {});
        std::atomic_bool cancel{false};
        int tablesStarted = 0;
        QString current;
        const QString error = test::errorOf([&] {
            diff::runDatabaseDiff(
                live, backup, plan, [](const diff::RowChange &) {},
                [&](const diff::DiffProgress &progress) {
                    if (progress.table != current) {
                        current = progress.table;
                        // The operator cancels as the second table starts.
                        if (++tablesStarted == 2)
                            cancel = true;
                    }
                },
                &cancel);
        });
        QVERIFY2(error.contains(QStringLiteral("was cancelled")), qPrintable(error));
        QCOMPARE(tablesStarted, 2);
        // Both sessions can go on: nothing is left running on either server.
        QCOMPARE(live.query(QStringLiteral("SELECT 1")).rows.value(0).value(0),
                 QStringLiteral("1"));
        QCOMPARE(backup.query(QStringLiteral("SELECT 1")).rows.value(0).value(0),
                 QStringLiteral("1"));
    }

    void cancellingARestoreDropsTheSandbox()
    {
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        const BackupSource archive = test::demoCluster().backups().value(1);
        QVERIFY(archive.isArchive());
        std::atomic_bool cancel{false};
        QStringList said;
        const QString error = test::errorOf([&] {
            diff::runBackupDiff(
                live, archive, schema::SchemaProfile::demo(), pgtools::SandboxServer::own(),
                [&](int, const QString &text) {
                    said << text;
                    cancel = true; // as soon as the restore has started
                },
                &cancel);
        });
        QVERIFY2(error.contains(QStringLiteral("The restore of")) &&
                     error.contains(QStringLiteral("was cancelled")),
                 qPrintable(error));
        QVERIFY(said.value(0).startsWith(QStringLiteral("Restoring billing_backup.dump")));
        QVERIFY(!test::sandboxClusterRunning());
        QCOMPARE(test::sandboxLeftovers(), 0);
    }

    void aDamagedArchiveRestoresNothingAndLeavesNothing()
    {
        QFile dump(test::demoCluster().dumpPath());
        QVERIFY(dump.open(QIODevice::ReadOnly));
        const QString cut = m_dir.filePath(QStringLiteral("cut.dump"));
        QFile truncated(cut);
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        truncated.write(dump.read(dump.size() / 2));
        truncated.close();
        const auto run =
            test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                          test::demoCluster().liveUri(), QStringLiteral("--backup-archive"), cut});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains("is not a usable pg_dump archive"), run.err.constData());
        QVERIFY(run.err.contains("nothing was restored"));
        QVERIFY(!test::sandboxClusterRunning());
        QCOMPARE(test::sandboxLeftovers(), 0);
        // Not an archive at all.
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile notes(text);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("hello\n");
        notes.close();
        const auto notArchive =
            test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                          test::demoCluster().liveUri(), QStringLiteral("--backup-archive"), text});
        QCOMPARE(notArchive.exitCode, 1);
        QVERIFY(notArchive.err.contains("neither a pg_dump archive nor an SQL script"));
    }

    void anArchiveOfAnotherDatabaseComparesNothing()
    {
        const QString other = m_dir.filePath(QStringLiteral("postgres.dump"));
        QCOMPARE(QProcess::execute(QStringLiteral("pg_dump"),
                                   {QStringLiteral("-Fc"), QStringLiteral("-f"), other,
                                    test::demoCluster().adminUri(QStringLiteral("postgres"))}),
                 0);
        const auto run =
            test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                          test::demoCluster().liveUri(), QStringLiteral("--backup-archive"), other,
                          QStringLiteral("--table"), QStringLiteral("payments")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("the backup has no table public.payments"), run.err.constData());
        QVERIFY(!test::sandboxClusterRunning());
        QCOMPARE(test::sandboxLeftovers(), 0);
    }

    void eachIncidentsUsersSeeWhatHappenedToThem()
    {
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        db::Session backup(
            ConnectionProfile::fromUri(test::demoCluster().backupUri(), QStringLiteral("demo")),
            QString(), db::SessionOptions());
        const auto tables = diff::userTablesFromProfile(live, schema::SchemaProfile::demo());
        const auto users = test::firstUserOfEachIncident();
        for (auto it = users.cbegin(); it != users.cend(); ++it) {
            const QString &incident = it.key();
            const QString &user = it.value();
            // What the demo recorded for this user's rows, as net changes.
            const QStringList keys = test::netChangesOfUser(m_netChanges, user).keys();
            const QSet<QString> expected(keys.cbegin(), keys.cend());
            QSet<QString> found;
            for (const diff::UserRecord &r :
                 diff::diffUser(live, backup, QStringLiteral("public"), tables, user,
                                test::demoCluster().backups().value(0).takenAt))
                if (!r.same)
                    found.insert(r.change.table + QLatin1Char('|') + diff::kindName(r.change.kind) +
                                 QLatin1Char('|') + r.change.key);
            QVERIFY2(!expected.isEmpty(), qPrintable(incident));
            if (found != expected)
                qWarning() << "missing" << QStringList((expected - found).values()).mid(0, 5)
                           << "extra" << QStringList((found - expected).values()).mid(0, 5);
            QVERIFY2(found == expected,
                     qPrintable(QStringLiteral("%1, user %2: %3 found, %4 expected, %5 in common")
                                    .arg(incident, user)
                                    .arg(found.size())
                                    .arg(expected.size())
                                    .arg((found & expected).size())));
        }
    }

    void theCommandLinesUserJsonIsTheConsolesExport()
    {
        // Account 29, deleted by the sync job, its records moved or gone.
        const QString backupUri = test::demoCluster().backupUri();
        const auto run = test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                                       test::demoCluster().liveUri(), QStringLiteral("--backup"),
                                       backupUri, QStringLiteral("--user"), QStringLiteral("29"),
                                       QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject printed = QJsonDocument::fromJson(run.out).object();
        // What the console's Export JSON… writes for the same records.
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        db::Session backup(ConnectionProfile::fromUri(backupUri), QString(), db::SessionOptions());
        const auto profile = schema::SchemaProfile::demo();
        const QDateTime takenAt = diff::checkBackupOfLive(live, backup, profile, {}).takenAt;
        const report::UserReport shown{
            QStringLiteral("29"), withoutPassword(backupUri),
            QDateTime::fromString(printed.value(QStringLiteral("exported_at")).toString(),
                                  Qt::ISODate),
            diff::diffUser(live, backup, profile.schema, diff::userTablesFromProfile(live, profile),
                           QStringLiteral("29"), takenAt)};
        QJsonObject exported = QJsonDocument::fromJson(report::userReportJson(shown)).object();
        QCOMPARE(printed.value(QStringLiteral("format")).toString(),
                 QStringLiteral("payops-user-export/1"));
        // The records as a set: neither side promises an order between tables' rows.
        const auto records = [](QJsonObject &document) {
            QStringList texts;
            for (const QJsonValue &record : document.take(QStringLiteral("records")).toArray())
                texts << QString::fromUtf8(
                    QJsonDocument(record.toObject()).toJson(QJsonDocument::Compact));
            texts.sort();
            return texts;
        };
        QJsonObject cli = printed;
        const QStringList cliRecords = records(cli);
        QVERIFY(cliRecords.size() > 10);
        QCOMPARE(cliRecords, records(exported));
        QCOMPARE(cli, exported);
        QVERIFY(!run.out.contains(":oncall@"));
    }

    void aDeletedAccountIsFoundAmongManyNamesakes()
    {
        // Account 29, deleted by the sync job, is "Elena Wang" in the
        // backup; thousands of live accounts are called Wang too.
        db::Session live(test::liveProfile(), QString(), db::SessionOptions());
        db::Session backup(ConnectionProfile::fromUri(test::demoCluster().backupUri()), QString(),
                           db::SessionOptions());
        QCOMPARE(test::adminValue(QStringLiteral("SELECT count(*) FROM accounts WHERE id = 29")),
                 QStringLiteral("0"));
        QVERIFY(test::adminValue(QStringLiteral("SELECT count(*) FROM accounts WHERE "
                                                "display_name LIKE '%Wang%'"))
                    .toInt() > 20);
        const QStringList found =
            diff::findUsers(live, backup, schema::SchemaProfile::demo(), QStringLiteral("Wang"));
        QCOMPARE(found.size(), 20);
        QVERIFY2(found.contains(QStringLiteral("29")), qPrintable(found.join(QLatin1Char(' '))));
        // An exact key still comes first.
        QCOMPARE(diff::findUsers(live, backup, schema::SchemaProfile::demo(), QStringLiteral("29"))
                     .value(0),
                 QStringLiteral("29"));
    }

    void keysThatAreNotIntegersAreDiffedByHashParts()
    {
        // uuid keys and a composite key led by text, in two scratch
        // databases: a few rows deleted, changed and created on one side.
        const QStringList databases = {QStringLiteral("payops_test_keys_live"),
                                       QStringLiteral("payops_test_keys_backup")};
        createScratchPair(
            databases,
            QStringLiteral(
                "CREATE TABLE by_uuid (id uuid PRIMARY KEY, v int);\n"
                "INSERT INTO by_uuid SELECT md5(i::text)::uuid, i FROM generate_series(1, 5000) "
                "i;\n"
                "CREATE TABLE by_text (region text, n int, v text, PRIMARY KEY (region, n));\n"
                "INSERT INTO by_text SELECT 'r' || (i % 7), i, 'x' FROM generate_series(1, 5000) "
                "i;\n"
                "ANALYZE;"),
            QStringLiteral("DELETE FROM by_uuid WHERE v IN (10, 20, 30);\n"
                           "UPDATE by_uuid SET v = -v WHERE v IN (40, 50);\n"
                           "INSERT INTO by_uuid VALUES (md5('new')::uuid, 0);\n"
                           "DELETE FROM by_text WHERE n = 7;\n"
                           "UPDATE by_text SET v = 'y' WHERE n IN (8, 9);\n"
                           "INSERT INTO by_text VALUES ('zz', 1, 'x');"));
        db::Session live(ConnectionProfile::fromUri(test::demoCluster().adminUri(databases[0])),
                         QString(), db::SessionOptions());
        db::Session backup(ConnectionProfile::fromUri(test::demoCluster().adminUri(databases[1])),
                           QString(), db::SessionOptions());
        QMap<QString, QStringList> found;
        for (const QString &table : {QStringLiteral("by_uuid"), QStringLiteral("by_text")}) {
            const diff::TableShape shape =
                diff::readTableShape(live, QStringLiteral("public"), table);
            QVERIFY(!shape.splittable());
            const diff::TableDiffStats stats =
                diff::TableDiffer(live, backup, shape).run([&](const diff::RowChange &change) {
                    found[table] << diff::kindName(change.kind) + QLatin1Char(' ') +
                                        change.changedColumns.join(QLatin1Char(',')) +
                                        QLatin1Char(' ') + change.key;
                });
            // Only the differing parts' keys came to the client, not the table's.
            QVERIFY2(stats.keysCompared < 500, qPrintable(QString::number(stats.keysCompared)));
            found[table].sort();
        }
        // The command line on databases the schema profile does not
        // describe: their tables' shapes are all it checks.
        const auto run = test::runCli(
            {QStringLiteral("diff"), QStringLiteral("--db"),
             test::demoCluster().adminUri(databases[0]), QStringLiteral("--backup"),
             test::demoCluster().adminUri(databases[1]), QStringLiteral("--table"),
             QStringLiteral("by_text"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject byText = QJsonDocument::fromJson(run.out)
                                       .object()
                                       .value(QStringLiteral("tables"))
                                       .toArray()
                                       .first()
                                       .toObject();
        QCOMPARE(byText.value(QStringLiteral("changed")).toInt(), 2);
        QVERIFY2(run.err.contains("taken at an unknown time"), run.err.constData());
        dropScratchPair(databases);
        QCOMPARE(found.value(QStringLiteral("by_uuid")).size(), 6);
        QCOMPARE(found.value(QStringLiteral("by_uuid")).filter(QStringLiteral("deleted ")).size(),
                 3);
        QCOMPARE(found.value(QStringLiteral("by_uuid")).filter(QStringLiteral("changed v ")).size(),
                 2);
        QCOMPARE(found.value(QStringLiteral("by_uuid")).filter(QStringLiteral("created ")).size(),
                 1);
        QCOMPARE(found.value(QStringLiteral("by_text")),
                 QStringList({QStringLiteral("changed v {\"n\": 8, \"region\": \"r1\"}"),
                              QStringLiteral("changed v {\"n\": 9, \"region\": \"r2\"}"),
                              QStringLiteral("created  {\"n\": 1, \"region\": \"zz\"}"),
                              QStringLiteral("deleted  {\"n\": 7, \"region\": \"r0\"}")}));
    }

    void integerKeysAreExactWhereverTheRowsLie()
    {
        // A single integer key whose rows crowd one end of a wide span (the
        // first pass's parts there hold thousands of rows and are cut level
        // by level), and a composite key led by an integer (its leaves come
        // a row a key): changes at both ends and between keys.
        const QStringList databases = {QStringLiteral("payops_test_ints_live"),
                                       QStringLiteral("payops_test_ints_backup")};
        createScratchPair(
            databases,
            QStringLiteral(
                "CREATE TABLE crowded (id bigint PRIMARY KEY, v int);\n"
                "INSERT INTO crowded SELECT i, i FROM generate_series(1, 3000) i;\n"
                "INSERT INTO crowded SELECT 1000000000 + i, i FROM generate_series(1, 3) i;\n"
                "CREATE TABLE paired (a bigint, b int, v int, PRIMARY KEY (a, b));\n"
                "INSERT INTO paired SELECT i / 3, i % 3, i FROM generate_series(0, 2999) i;\n"
                "ANALYZE;"),
            QStringLiteral("DELETE FROM crowded WHERE id IN (1, 10, 1000000002);\n"
                           "UPDATE crowded SET v = -v WHERE id IN (2000, 3000);\n"
                           "INSERT INTO crowded VALUES (500000, 0), (1000000004, 0);\n"
                           "DELETE FROM paired WHERE a = 5 AND b = 1;\n"
                           "UPDATE paired SET v = -1 WHERE a = 999 AND b = 2;\n"
                           "INSERT INTO paired VALUES (5, 7, 0);"));
        db::Session live(ConnectionProfile::fromUri(test::demoCluster().adminUri(databases[0])),
                         QString(), db::SessionOptions());
        db::Session backup(ConnectionProfile::fromUri(test::demoCluster().adminUri(databases[1])),
                           QString(), db::SessionOptions());
        QMap<QString, QStringList> found;
        QMap<QString, diff::TableDiffStats> stats;
        for (const QString &table : {QStringLiteral("crowded"), QStringLiteral("paired")}) {
            const diff::TableShape shape =
                diff::readTableShape(live, QStringLiteral("public"), table);
            QVERIFY(shape.splittable());
            stats[table] =
                diff::TableDiffer(live, backup, shape).run([&](const diff::RowChange &change) {
                    found[table] << diff::kindName(change.kind) + QLatin1Char(' ') +
                                        change.changedColumns.join(QLatin1Char(',')) +
                                        QLatin1Char(' ') + change.key;
                });
            found[table].sort();
        }
        dropScratchPair(databases);
        QCOMPARE(found.value(QStringLiteral("crowded")),
                 QStringList({QStringLiteral("changed v {\"id\": 2000}"),
                              QStringLiteral("changed v {\"id\": 3000}"),
                              QStringLiteral("created  {\"id\": 1000000004}"),
                              QStringLiteral("created  {\"id\": 500000}"),
                              QStringLiteral("deleted  {\"id\": 1000000002}"),
                              QStringLiteral("deleted  {\"id\": 10}"),
                              QStringLiteral("deleted  {\"id\": 1}")}));
        // The crowded end was cut, not compared whole.
        QVERIFY2(stats[QStringLiteral("crowded")].checksumQueries > 1,
                 qPrintable(QString::number(stats[QStringLiteral("crowded")].checksumQueries)));
        QVERIFY2(stats[QStringLiteral("crowded")].keysCompared < 1000,
                 qPrintable(QString::number(stats[QStringLiteral("crowded")].keysCompared)));
        QCOMPARE(found.value(QStringLiteral("paired")),
                 QStringList({QStringLiteral("changed v {\"a\": 999, \"b\": 2}"),
                              QStringLiteral("created  {\"a\": 5, \"b\": 7}"),
                              QStringLiteral("deleted  {\"a\": 5, \"b\": 1}")}));
    }

    void whatIsHashedIgnoresRestoreNoise()
    {
        // Equal values hash equal whatever their encoding: an enum by label,
        // a numeric whatever its scale, a timestamp whatever the session's
        // time zone; NULL is not the text 'null'.
        auto admin = test::adminSession();
        const diff::TableShape shape{
            QStringLiteral("public"),
            QStringLiteral("t"),
            {QStringLiteral("a")},
            {{QStringLiteral("a"), QStringLiteral("numeric"), QStringLiteral("N")},
             {QStringLiteral("b"), QStringLiteral("timestamp with time zone"), QStringLiteral("D")},
             {QStringLiteral("c"), QStringLiteral("text"), QStringLiteral("S")}}};
        const QString hash = diff::rowHashExpression(shape, QStringLiteral("t"));
        const auto value = [&](const QString &row, const QString &zone) {
            admin->query(QStringLiteral("SELECT set_config('TimeZone', $1, false)"), {zone});
            return admin->query(QStringLiteral("SELECT %1 FROM (%2) AS t (a, b, c)").arg(hash, row))
                .rows[0][0];
        };
        const QString base = value(
            QStringLiteral("SELECT 1.5::numeric, timestamptz '2026-04-18 11:00+00', NULL::text"),
            QStringLiteral("UTC"));
        QCOMPARE(value(QStringLiteral(
                           "SELECT 1.50::numeric, timestamptz '2026-04-18 11:00+00', NULL::text"),
                       QStringLiteral("UTC")),
                 base);
        QCOMPARE(value(QStringLiteral(
                           "SELECT 1.5::numeric, timestamptz '2026-04-18 11:00+00', NULL::text"),
                       QStringLiteral("Asia/Tokyo")),
                 base);
        QVERIFY(value(QStringLiteral(
                          "SELECT 1.5::numeric, timestamptz '2026-04-18 11:00+00', 'null'::text"),
                      QStringLiteral("UTC")) != base);
        QVERIFY(value(QStringLiteral(
                          "SELECT 1.51::numeric, timestamptz '2026-04-18 11:00+00', NULL::text"),
                      QStringLiteral("UTC")) != base);
        // Enum labels, not OIDs: the demo's account_status restored into
        // billing_backup has other OIDs but the same labels.
        const QString enumColumn = diff::canonicalColumn(
            {QStringLiteral("status"), QStringLiteral("account_status"), QStringLiteral("E")},
            QStringLiteral("a"));
        QVERIFY(enumColumn.endsWith(QStringLiteral("::text")));
        QCOMPARE(test::adminValue(
                     QStringLiteral("SELECT %1 FROM accounts a WHERE id = 2").arg(enumColumn)),
                 test::adminValue(
                     QStringLiteral("SELECT %1 FROM accounts a WHERE id = 2").arg(enumColumn),
                     QStringLiteral("billing_backup")));
    }

    void theCommandLineDiffsOneTable()
    {
        const auto run = test::runCli(
            {QStringLiteral("diff"), QStringLiteral("--db"), test::demoCluster().liveUri(),
             QStringLiteral("--backup"), test::demoCluster().backupUri(), QStringLiteral("--table"),
             QStringLiteral("refunds"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject refunds = QJsonDocument::fromJson(run.out)
                                        .object()
                                        .value(QStringLiteral("tables"))
                                        .toArray()
                                        .first()
                                        .toObject();
        QCOMPARE(refunds.value(QStringLiteral("table")).toString(), QStringLiteral("refunds"));
        // 10,000 staging + 424 normal, all after the backup: new, not losses.
        QCOMPARE(refunds.value(QStringLiteral("new")).toInt(), 10424);
        QCOMPARE(refunds.value(QStringLiteral("created")).toInt(), 0);
        QCOMPARE(refunds.value(QStringLiteral("deleted")).toInt(), 0);
    }

    void aConnectionLostMidDiffSaysSoAndLeavesNothing()
    {
        // The archive's sandbox is dropped even when the diff dies halfway.
        QProcess cli;
        cli.start(QStringLiteral(PAYOPS_CLI_PATH),
                  {QStringLiteral("diff"), QStringLiteral("--db"), test::demoCluster().liveUri(),
                   QStringLiteral("--backup-archive"), test::demoCluster().dumpPath()});
        QVERIFY(cli.waitForStarted());
        // Once the diff is comparing, the server ends its live connection.
        QString killed;
        QElapsedTimer clock;
        clock.start();
        while (killed != u"1" && clock.elapsed() < 60000 && cli.state() == QProcess::Running) {
            killed = test::adminValue(
                QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE datname = 'billing' AND application_name LIKE 'payops diff%' "
                               "AND state = 'active'"));
            QTest::qWait(50);
        }
        QCOMPARE(killed, QStringLiteral("1"));
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(err.contains("connection") && (err.contains("lost") || err.contains("terminat")),
                 err.constData());
        QVERIFY(!test::sandboxClusterRunning());
        QCOMPARE(test::sandboxLeftovers(), 0);
    }

    void thePopulationNamesWhoLostRowsAndWhatChangedMost()
    {
        const auto run = test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                                       test::demoCluster().liveUri(), QStringLiteral("--backup"),
                                       test::demoCluster().backupUri(), QStringLiteral("--format"),
                                       QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject diff = QJsonDocument::fromJson(run.out).object();
        // Every owner of an account the sync job deleted lost rows...
        const QJsonObject lost = diff.value(QStringLiteral("users_who_lost_rows")).toObject();
        const QSet<qint64> victims = test::idSet(test::manifest()
                                                     .value(QStringLiteral("incidents"))
                                                     .toObject()
                                                     .value(QStringLiteral("account_deletions"))
                                                     .toObject()
                                                     .value(QStringLiteral("users")));
        for (qint64 victim : victims)
            QVERIFY2(lost.contains(QString::number(victim)), qPrintable(QString::number(victim)));
        // ...and the overwritten assignees are among the fields that
        // changed most.
        const QJsonObject fields = diff.value(QStringLiteral("fields_changed")).toObject();
        QVERIFY(fields.value(QStringLiteral("support_conversations.assignee")).toInt() >= 1800);
        QVERIFY(fields.value(QStringLiteral("payments.account_id")).toInt() >= 8000);
    }

    void aBackupOfAnotherDatabaseComparesNothing()
    {
        // The cluster's empty postgres database is no backup of billing.
        QString other = test::demoCluster().backupUri();
        other.replace(QStringLiteral("/billing_backup?"), QStringLiteral("/postgres?"));
        const auto run = test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                                       test::demoCluster().liveUri(), QStringLiteral("--backup"),
                                       other, QStringLiteral("--table"), QStringLiteral("accounts"),
                                       QStringLiteral("--table"), QStringLiteral("payments")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(
            run.err.contains(
                "the backup has no table public.accounts; the backup has no table public.payments"),
            run.err.constData());
        QVERIFY(run.err.contains("nothing was compared"));
        const auto missing = test::runCli({QStringLiteral("diff"), QStringLiteral("--db"),
                                           test::demoCluster().liveUri(), QStringLiteral("--table"),
                                           QStringLiteral("nosuch")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("There is no table public.nosuch here."));
    }
};

QTEST_GUILESS_MAIN(TestDiffOnDemo)
#include "test_diff_on_demo.moc"
