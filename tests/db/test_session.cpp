// Connecting and querying as an operator would, including every way the
// input can be wrong: each gets one clear sentence and changes nothing.
#include "core/user_error.h"
#include "db/sql_text.h"
#include "detect/orphan_detector.h"
#include "support/test_demo.h"

#include <QTest>

using namespace payops;

class TestSession : public QObject
{
    Q_OBJECT

    static QString socketUri(const QString &user, const QString &database)
    {
        return test::demoCluster().socketUri(user, database);
    }

    static QString failureOf(const QString &uri,
                             const std::function<void(db::Session &)> &work = {})
    {
        try {
            db::Session session(ConnectionProfile::fromUri(uri), QString(), db::SessionOptions());
            if (work)
                work(session);
        } catch (const UserError &e) {
            return e.message();
        }
        return {};
    }

private slots:
    void initTestCase() { test::demoCluster(); }

    void unreachableServerIsNamed_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::newRow("no socket there")
            << QStringLiteral("postgresql://oncall@/billing?host=%2Fnonexistent%2Fpayops");
        QTest::newRow("closed port")
            << QStringLiteral("host=127.0.0.1 port=1 dbname=billing user=oncall connect_timeout=3");
    }
    void unreachableServerIsNamed()
    {
        QFETCH(QString, uri);
        const QString message = failureOf(uri);
        QVERIFY2(message.startsWith(QStringLiteral("No PostgreSQL server answered")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Check host and port")), qPrintable(message));
    }

    void wrongPasswordIsNamed()
    {
        const QString message =
            failureOf(socketUri(QStringLiteral("oncall:wrong"), QStringLiteral("billing")));
        QVERIFY2(message.contains(QStringLiteral("refused the password")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("wrong")),
                 "the message must not echo the password");
    }

    void missingDatabaseIsNamed()
    {
        const QString message =
            failureOf(socketUri(QStringLiteral("oncall:oncall"), QStringLiteral("billing_typo")));
        QVERIFY2(message.contains(QStringLiteral("database of")) &&
                     message.contains(QStringLiteral("does not exist")),
                 qPrintable(message));
    }

    void userWithoutPrivilegesIsNamed()
    {
        db::SessionOptions writable; // creating a role needs a writable owner session

        writable.readOnly = false;
        db::Session owner(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("billing"))),
            QString(), writable);
        owner.executeScript(
            QStringLiteral("DROP ROLE IF EXISTS payops_test_nobody; "
                           "CREATE ROLE payops_test_nobody LOGIN PASSWORD 'nobody'"));
        const QString message = failureOf(
            socketUri(QStringLiteral("payops_test_nobody:nobody"), QStringLiteral("billing")),
            [](db::Session &s) { detect::OrphanDetector::run(s, schema::SchemaProfile::demo()); });
        owner.executeScript(QStringLiteral("DROP ROLE payops_test_nobody"));
        QVERIFY2(message.contains(QStringLiteral("lacks the privilege")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("payops grant viewer")), qPrintable(message));
    }

    void wrongSchemaIsNamed()
    {
        const QString message = failureOf(
            socketUri(QStringLiteral("payops_admin"), QStringLiteral("postgres")),
            [](db::Session &s) { detect::OrphanDetector::run(s, schema::SchemaProfile::demo()); });
        QVERIFY2(message.contains(QStringLiteral("billing schema")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("payments")), qPrintable(message));
    }

    void malformedUriIsNamed()
    {
        const QString message = failureOf(QStringLiteral("postgresql://oncall@/billing?host=%ZZ"));
        QVERIFY2(message.contains(QStringLiteral("malformed")), qPrintable(message));
    }

    void sessionsAreReadOnlyByDefault()
    {
        const QString before = test::adminValue(QStringLiteral("SELECT count(*) FROM services"));
        // Even the owner, through a default session, cannot write.
        const QString message =
            failureOf(test::demoCluster().adminUri(QStringLiteral("billing")), [](db::Session &s) {
                s.query(QStringLiteral("INSERT INTO services VALUES (9, 'x', 'x')"));
            });
        QVERIFY2(message.contains(QStringLiteral("read-only")), qPrintable(message));
        QCOMPARE(test::adminValue(QStringLiteral("SELECT count(*) FROM services")), before);
    }

    void sessionNamesTheOperatorAndBoundsStatements()
    {
        db::Session session(test::liveProfile(), QString(), db::SessionOptions(),
                            QStringLiteral("payops-test"));
        const ResultTable settings = session.query(QStringLiteral(
            "SELECT current_setting('application_name'), current_setting('statement_timeout'), "
            "current_setting('default_transaction_read_only'), current_setting('TimeZone')"));
        const QString applicationName = settings.rows[0][0];
        QVERIFY2(applicationName.startsWith(QStringLiteral("payops-test investigation (")),
                 qPrintable(applicationName));
        QVERIFY2(applicationName.contains(db::operatingSystemUser()), qPrintable(applicationName));
        QCOMPARE(settings.rows[0][1], QStringLiteral("2min"));
        QCOMPARE(settings.rows[0][2], QStringLiteral("on"));
        QCOMPARE(settings.rows[0][3], QStringLiteral("UTC"));
        // The DBA sees the same name in pg_stat_activity.
        const ResultTable activity = session.query(QStringLiteral(
            "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"));
        QCOMPARE(activity.rows[0][0], applicationName);
    }

    void identityTellsWhereWeAre()
    {
        db::Session session(test::liveProfile(), QString(), db::SessionOptions());
        const ServerIdentity identity = session.identity();
        QCOMPARE(identity.database, QStringLiteral("billing"));
        QCOMPARE(identity.sessionRole, QStringLiteral("oncall"));
        QCOMPARE(identity.environmentMarker, QStringLiteral("demo"));
        QVERIFY(!identity.isStandby);
        QVERIFY(identity.readOnlySession);
        QVERIFY(identity.serverVersion.startsWith(QStringLiteral("15")));
        QVERIFY(identity.mismatch(QStringLiteral("demo")).isEmpty());
        QVERIFY(identity.mismatch(QStringLiteral("production"))
                    .contains(QStringLiteral("says it is DEMO")));
        // The owner may read the cluster's system identifier.
        const ServerIdentity owner = test::adminSession()->identity();
        QVERIFY2(owner.systemIdentifier.size() > 10, qPrintable(owner.systemIdentifier));
    }

    void parametersAreBoundNotSpliced()
    {
        db::Session session(test::liveProfile(), QString(), db::SessionOptions());
        const QString hostile = QStringLiteral("x'); DROP TABLE payments; --");
        const ResultTable r = session.query(QStringLiteral("SELECT $1::text, $2::text IS NULL"),
                                            {hostile, QString()});
        QCOMPARE(r.rows[0][0], hostile);
        QCOMPARE(r.rows[0][1], QStringLiteral("t"));
        QCOMPARE(db::quoteIdent(QStringLiteral("we\"ird")), QStringLiteral("\"we\"\"ird\""));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "test_session.moc"
