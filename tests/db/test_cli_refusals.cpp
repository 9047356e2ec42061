// Bad input to the command line that used to succeed silently or blame the
// wrong thing: each must end with a message naming what was wrong and what
// to do, the right exit status, and nothing changed. Run against the real
// `payops` binary and the demo's PostgreSQL; the failures are real ones
// (a view whose owner lost its grants, a role that owns nothing).
#include "db/session.h"
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;
using test::runCli;

namespace {

// A scratch database (dropped at the end) holding billing tables that the
// investigation role oncall sees and may SELECT, yet cannot read: in
// "shown" every table is a view owned by a role (support) that has no grant
// on the tables in "vault" behind it, as when a reporting role loses its
// grants; in "partly" only the stream's table is such a view.
const char kScratchDatabase[] = "payops_test_cli_refusals";

const char *kScratchSchema = R"SQL(
CREATE SCHEMA vault;
CREATE TABLE vault.customer (id bigint PRIMARY KEY, state text NOT NULL);
CREATE TABLE vault.charge (id bigint PRIMARY KEY, customer_id bigint NOT NULL,
                           cents bigint NOT NULL, charged_at timestamptz NOT NULL);
INSERT INTO vault.customer SELECT i, 'open' FROM generate_series(1, 50) AS i;
INSERT INTO vault.charge
SELECT i, 1 + i % 50, 1000, timestamptz '2026-03-01 00:00+00' + i * interval '17 minutes'
FROM generate_series(1, 2000) AS i;

CREATE SCHEMA shown;
CREATE VIEW shown.customer AS SELECT * FROM vault.customer;
CREATE VIEW shown.charge AS SELECT * FROM vault.charge;
ALTER VIEW shown.customer OWNER TO support;
ALTER VIEW shown.charge OWNER TO support;

CREATE SCHEMA partly;
CREATE TABLE partly.customer AS SELECT * FROM vault.customer;
ALTER TABLE partly.customer ADD PRIMARY KEY (id);
CREATE TABLE partly.charge AS SELECT * FROM vault.charge;
ALTER TABLE partly.charge ADD PRIMARY KEY (id);
CREATE VIEW partly.charge_event AS SELECT * FROM vault.charge;
ALTER VIEW partly.charge_event OWNER TO support;

GRANT USAGE ON SCHEMA shown, partly TO oncall;
GRANT SELECT ON ALL TABLES IN SCHEMA shown, partly TO oncall;
)SQL";

// Accounts and charges (and so the streams, invariants and orphans
// detectors: three) in `schema`, the stream reading `streamTable`.
QByteArray scratchProfile(const QString &schema, const QString &streamTable)
{
    return QStringLiteral(R"({
      "format": 1,
      "name": "Scratch %1",
      "schema": "%1",
      "tables": {
        "accounts": { "table": "customer", "key": "id", "status": "state",
                      "closed_values": ["closed"] },
        "charges": { "table": "charge", "key": "id", "user": "customer_id", "amount": "cents",
                     "time": "charged_at", "fixed_currency": "EUR" }
      },
      "streams": [
        { "name": "charges", "table": "%2", "time": "charged_at", "key": "id",
          "user": "customer_id", "amount": "cents", "fixed_currency": "EUR" }
      ]
    })")
        .arg(schema, streamTable)
        .toUtf8();
}

QString scratchAs(const QString &userInfo)
{
    return test::demoCluster().socketUri(userInfo, QLatin1String(kScratchDatabase));
}

void runAsAdmin(const QString &database, const QString &script)
{
    db::SessionOptions writable;
    writable.readOnly = false;
    db::Session admin(ConnectionProfile::fromUri(test::demoCluster().adminUri(database)), QString(),
                      writable);
    admin.executeScript(script);
}

QString payopsSchemas(const QString &database)
{
    return test::adminValue(
        QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'payops'"), database);
}

} // namespace

class TestCliRefusals : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(name));
        return file.fileName();
    }

    static QStringList liveAndBackup()
    {
        return {QStringLiteral("--db"), test::demoCluster().liveUri(), QStringLiteral("--backup"),
                test::demoCluster().backupUri()};
    }

private slots:
    void initTestCase()
    {
        const QString scratch = QLatin1String(kScratchDatabase);
        // One statement each: a multi-statement string is one transaction.
        runAsAdmin(QStringLiteral("postgres"),
                   QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(scratch));
        runAsAdmin(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(scratch));
        runAsAdmin(scratch, QString::fromUtf8(kScratchSchema));
    }

    void cleanupTestCase()
    {
        runAsAdmin(QStringLiteral("postgres"),
                   QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                       .arg(QLatin1String(kScratchDatabase)));
    }

    void aDiffOfASchemaThatDoesNotExistComparesNothing()
    {
        const auto nowhere = runCli(QStringList{QStringLiteral("diff"), QStringLiteral("--schema"),
                                                QStringLiteral("nosuchschema")} +
                                    liveAndBackup());
        QVERIFY2(nowhere.exitCode == 1, nowhere.out.constData());
        QVERIFY(nowhere.out.isEmpty());
        QVERIFY2(nowhere.err.contains("Neither live nor the backup has a schema \"nosuchschema\""),
                 nowhere.err.constData());
        QVERIFY(nowhere.err.contains("--schema"));
        QVERIFY(nowhere.err.contains("nothing was compared"));
        // One user's records in it: the same refusal, not an empty list.
        const auto user = runCli(QStringList{QStringLiteral("diff"), QStringLiteral("--schema"),
                                             QStringLiteral("nosuchschema"),
                                             QStringLiteral("--user"), QStringLiteral("29")} +
                                 liveAndBackup());
        QVERIFY2(user.exitCode == 1, user.out.constData());
        QVERIFY(user.out.isEmpty());
        QVERIFY2(user.err.contains("Neither live nor the backup has a schema \"nosuchschema\""),
                 user.err.constData());
        // The payops schema exists live only (the backup predates it).
        const auto liveOnly = runCli(QStringList{QStringLiteral("diff"), QStringLiteral("--schema"),
                                                 QStringLiteral("payops")} +
                                     liveAndBackup());
        QCOMPARE(liveOnly.exitCode, 1);
        QVERIFY2(liveOnly.err.contains("The backup has no schema \"payops\" (live has one)"),
                 liveOnly.err.constData());
    }

    void aDiffOfAnAccountNobodyHasComparesNothing()
    {
        const auto run = runCli(QStringList{QStringLiteral("diff"), QStringLiteral("--user"),
                                            QStringLiteral("999999999")} +
                                liveAndBackup());
        QVERIFY2(run.exitCode == 1, run.out.constData());
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains("No account has the key \"999999999\", live or in the backup."),
                 run.err.constData());
        QVERIFY2(run.err.contains("Give --user the key of an account"), run.err.constData());
        QVERIFY(run.err.contains("nothing was compared"));
        // An e-mail is no key, but the refusal names the account it finds.
        // (29 was deleted live: its e-mail is in the backup.)
        const QString email =
            test::adminValue(QStringLiteral("SELECT email FROM accounts WHERE id = 29"),
                             QStringLiteral("billing_backup"));
        QVERIFY(!email.isEmpty());
        const auto byMail =
            runCli(QStringList{QStringLiteral("diff"), QStringLiteral("--user"), email,
                               QStringLiteral("--format"), QStringLiteral("json")} +
                   liveAndBackup());
        QCOMPARE(byMail.exitCode, 1);
        QVERIFY(byMail.out.isEmpty());
        QVERIFY2(byMail.err.contains(
                     QStringLiteral("No account has the key \"%1\"").arg(email).toUtf8()),
                 byMail.err.constData());
        QVERIFY2(byMail.err.contains(QStringLiteral("29 · %1").arg(email).toUtf8()),
                 byMail.err.constData());
    }

    void aScanWindowThatJudgesNothingIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("named"); // what the message must name
        const QString future =
            QDateTime::currentDateTimeUtc().addYears(1).toString(QStringLiteral("yyyy-MM-dd"));
        QTest::newRow("until before since")
            << QStringList{QStringLiteral("--since"), QStringLiteral("2026-04-18T12:00:00Z"),
                           QStringLiteral("--until"), QStringLiteral("2026-04-18T11:00:00Z")}
            << QStringList{QStringLiteral("--until 2026-04-18T11:00:00Z is before --since "
                                          "2026-04-18T12:00:00Z")};
        QTest::newRow("until equal to since")
            << QStringList{QStringLiteral("--since"), QStringLiteral("2026-04-18 12:00"),
                           QStringLiteral("--until"), QStringLiteral("2026-04-18T12:00:00Z")}
            << QStringList{QStringLiteral("2026-04-18T12:00:00Z"),
                           QStringLiteral("is not after --since")};
        QTest::newRow("since in the future")
            << QStringList{QStringLiteral("--since"), future}
            << QStringList{future, QStringLiteral("in the future")};
        QTest::newRow("since before 1970")
            << QStringList{QStringLiteral("--since"), QStringLiteral("1969-07-20T20:17:00Z")}
            << QStringList{QStringLiteral("1969-07-20T20:17:00Z"), QStringLiteral("before 1970")};
        QTest::newRow("a duration back before 1970")
            << QStringList{QStringLiteral("--since"), QStringLiteral("99999999d")}
            << QStringList{QStringLiteral("--since 99999999d"), QStringLiteral("before 1970")};
        QTest::newRow("a duration too long to count")
            << QStringList{QStringLiteral("--since"), QStringLiteral("99999999999999999999w")}
            << QStringList{QStringLiteral("--since 99999999999999999999w"),
                           QStringLiteral("before 1970")};
        QTest::newRow("a duration of nothing")
            << QStringList{QStringLiteral("--since"), QStringLiteral("0m")}
            << QStringList{QStringLiteral("--since 0m is now")};
        QTest::newRow("until in the future")
            << QStringList{QStringLiteral("--since"), QStringLiteral("2026-04-18T12:00:00Z"),
                           QStringLiteral("--until"), future}
            << QStringList{future, QStringLiteral("in the future")};
    }
    void aScanWindowThatJudgesNothingIsAUsageError()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, named);
        // Refused before connecting: no server listens on this socket.
        const auto run = runCli(QStringList{QStringLiteral("scan")} + arguments +
                                QStringList{QStringLiteral("--db"),
                                            QStringLiteral("postgresql:///billing?host=/nonexistent"
                                                           "/payops-no-server&user=oncall")});
        QVERIFY2(run.exitCode == 2, run.err.constData());
        QVERIFY(run.out.isEmpty());
        for (const QString &text : named)
            QVERIFY2(run.err.contains(text.toUtf8()), run.err.constData());
        QCOMPARE(run.err.trimmed().count('\n'), 0);
    }

    void aScanWindowBackwardsOnTheDemoSaysSoInsteadOfNoFindings()
    {
        const auto run = runCli({QStringLiteral("scan"), QStringLiteral("--since"),
                                 QStringLiteral("2026-04-18T12:00:00Z"), QStringLiteral("--until"),
                                 QStringLiteral("2026-04-17T12:00:00Z"), QStringLiteral("--db"),
                                 test::demoCluster().liveUri()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(!run.out.contains("No findings"), run.out.constData());
        QVERIFY2(run.err.contains("give an --until after --since"), run.err.constData());
    }

    void aScanWhoseDetectorsAllFailedJudgedNothing()
    {
        const QString profile =
            writeFile(QStringLiteral("shown.json"),
                      scratchProfile(QStringLiteral("shown"), QStringLiteral("charge")));
        const QStringList scan{QStringLiteral("scan"), QStringLiteral("--schema-profile"), profile,
                               QStringLiteral("--db"), scratchAs(QStringLiteral("oncall:oncall"))};
        const auto text = runCli(scan);
        QVERIFY2(text.exitCode == 1, text.out.constData());
        QVERIFY2(!text.out.contains("No findings"), text.out.constData());
        QVERIFY2(text.out.contains("All 3 detectors failed, so nothing was judged"),
                 text.out.constData());
        // Each failure names the real cause.
        QCOMPARE(text.err.count("Detector failed: "), 3);
        QVERIFY2(text.err.contains("permission denied for table"), text.err.constData());
        // oncall is an operator, a viewer already: granting it that is no remedy.
        QVERIFY2(!text.err.contains("grant the viewer role"), text.err.constData());
        QVERIFY2(text.err.contains("already holds the viewer role"), text.err.constData());

        const auto json =
            runCli(scan + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(report.value(QStringLiteral("detectors")).toArray().size(), 3);
        QCOMPARE(report.value(QStringLiteral("failures")).toArray().size(), 3);
        QVERIFY2(report.value(QStringLiteral("nothing_judged")).toBool(), json.out.constData());
        QCOMPARE(report.value(QStringLiteral("judged")).toArray().size(), 0);
        QVERIFY(report.value(QStringLiteral("findings")).toArray().isEmpty());
    }

    void aScanWhereSomeDetectorsFailedSaysWhoseFindingsTheseAre()
    {
        const QString profile =
            writeFile(QStringLiteral("partly.json"),
                      scratchProfile(QStringLiteral("partly"), QStringLiteral("charge_event")));
        const QStringList scan{QStringLiteral("scan"), QStringLiteral("--schema-profile"), profile,
                               QStringLiteral("--db"), scratchAs(QStringLiteral("oncall:oncall"))};
        const auto text = runCli(scan);
        QVERIFY2(text.exitCode == 1, text.out.constData());
        QVERIFY2(text.out.contains("from the 2 detectors that ran (invariants, orphans); 1 of 3 "
                                   "detectors failed (streams)"),
                 text.out.constData());
        QCOMPARE(text.err.count("Detector failed: streams: "), 1);

        const auto json =
            runCli(scan + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(report.value(QStringLiteral("nothing_judged")).toBool(true), false);
        QCOMPARE(report.value(QStringLiteral("judged")).toArray(),
                 QJsonArray({QStringLiteral("invariants"), QStringLiteral("orphans")}));
        QCOMPARE(report.value(QStringLiteral("failures")).toArray().size(), 1);
    }

    void migrateAsARoleThatOwnsNothingChangesNothing_data()
    {
        QTest::addColumn<QString>("person");
        QTest::addColumn<QString>("database");
        // An operator and a viewer; a fresh database and the demo's
        // backup, neither of which has the payops schema.
        QTest::newRow("operator, fresh database") << "oncall" << kScratchDatabase;
        QTest::newRow("viewer, fresh database") << "support" << kScratchDatabase;
        QTest::newRow("operator, the backup") << "oncall"
                                              << "billing_backup";
    }
    void migrateAsARoleThatOwnsNothingChangesNothing()
    {
        QFETCH(QString, person);
        QFETCH(QString, database);
        QCOMPARE(payopsSchemas(database), QStringLiteral("0"));
        const auto run =
            runCli({QStringLiteral("migrate"), QStringLiteral("--db"),
                    test::demoCluster().socketUri(person + QLatin1Char(':') + person, database)});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains("payops migrate needs a database owner: a superuser, or the "
                                  "owner of the database with CREATEROLE and a member of "
                                  "payops_owner"),
                 run.err.constData());
        QVERIFY2(run.err.contains(QStringLiteral("it ran as \"%1\"").arg(person).toUtf8()),
                 run.err.constData());
        QVERIFY2(run.err.contains("Nothing was changed"), run.err.constData());
        QVERIFY2(!run.err.contains("viewer role"), run.err.constData());
        QCOMPARE(payopsSchemas(database), QStringLiteral("0"));
    }

    void migrateOnACurrentSchemaChangesNothingForAnyone()
    {
        // Nothing to apply: a non-owner is told so, and the version stays.
        const QString versions = QStringLiteral("SELECT string_agg(version::text, ',') FROM "
                                                "payops.schema_version");
        const QString before = test::adminValue(versions);
        const auto run = runCli(
            {QStringLiteral("migrate"), QStringLiteral("--db"), test::demoCluster().liveUri()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("is current"), run.out.constData());
        QCOMPARE(test::adminValue(versions), before);
    }
};

QTEST_GUILESS_MAIN(TestCliRefusals)
#include "test_cli_refusals.moc"
