// Passwords never reach a screen or a log: what payops diff prints about a
// backup given with its password, and what a session says when it cannot
// even parse a connection string that carries one (on the demo).
#include "core/connection_secrets.h"
#include "db/session.h"
#include "pgtools/archive_sandbox.h"
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using namespace payops;

class TestSecretsOnDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(test::demoCluster().isRunning(), "the demo fixture is not running");
        // The demo's backup URI carries oncall's password, as a URI pasted
        // from a runbook would.
        QVERIFY(test::demoCluster().backupUri().contains(QStringLiteral("oncall:oncall@")));
    }

    void diffPrintsTheBackupWithoutItsPassword_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("text") << "text";
        QTest::newRow("json") << "json";
    }
    void diffPrintsTheBackupWithoutItsPassword()
    {
        QFETCH(QString, format);
        const QString backup = test::demoCluster().backupUri();
        const auto run = test::runCli(
            {QStringLiteral("diff"), QStringLiteral("--db"), test::demoCluster().liveUri(),
             QStringLiteral("--backup"), backup, QStringLiteral("--table"),
             QStringLiteral("accounts"), QStringLiteral("--format"), format});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const QByteArray &stream : {run.out, run.err}) {
            QVERIFY2(!stream.contains("oncall:oncall"), stream.constData());
            QVERIFY2(!stream.contains(":oncall@"), stream.constData());
        }
        // The backup is still named, by its URI without the password.
        const QString shown = withoutPassword(backup);
        QVERIFY2(run.err.contains(QStringLiteral("Comparing with %1,").arg(shown).toUtf8()),
                 run.err.constData());
        if (format == u"json")
            QCOMPARE(QJsonDocument::fromJson(run.out)
                         .object()
                         .value(QStringLiteral("backup"))
                         .toObject()
                         .value(QStringLiteral("name"))
                         .toString(),
                     shown);
    }

    void sessionErrorsNeverRepeatThePassword_data()
    {
        QTest::addColumn<QString>("connection");
        QTest::addColumn<QString>("password"); // given apart, as the keychain gives it
        const demo::DemoCluster &demo = test::demoCluster();
        QTest::newRow("unknown option")
            << demo.socketUri(QStringLiteral("u:Secr3tPw"), QStringLiteral("billing")) +
                   QStringLiteral("&bogus_option=1")
            << QString();
        // libpq quotes a value it cannot percent-decode as it was typed.
        QTest::newRow("broken percent-encoding in user:password@")
            << demo.socketUri(QStringLiteral("u:Secr3t%zzPw"), QStringLiteral("billing"))
            << QString();
        QTest::newRow("broken percent-encoding in ?password=")
            << demo.socketUri(QStringLiteral("u"), QStringLiteral("billing")) +
                   QStringLiteral("&password=Secr3t%zz")
            << QString();
        // ...and the whole URI when it cannot find its host.
        QTest::newRow("unclosed IPv6 host")
            << QStringLiteral("postgresql://u:Secr3tPw@[::1/billing") << QString();
        QTest::newRow("unclosed IPv6 host, password given apart")
            << QStringLiteral("postgresql://u@[::1/billing") << QStringLiteral("Secr3tPw");
        QTest::newRow("password given apart")
            << demo.socketUri(QStringLiteral("u"), QStringLiteral("billing")) +
                   QStringLiteral("&bogus_option=1")
            << QStringLiteral("Secr3tPw");
        QTest::newRow("key=value")
            << QStringLiteral("host=%1 dbname=billing user=u password=Secr3tPw bogus_option=1")
                   .arg(demo.stateDir())
            << QString();
    }
    void sessionErrorsNeverRepeatThePassword()
    {
        QFETCH(QString, connection);
        QFETCH(QString, password);
        const QString message = test::errorOf([&] {
            db::Session session(ConnectionProfile::fromUri(connection, QStringLiteral("demo")),
                                password, db::SessionOptions());
        });
        QVERIFY2(!message.isEmpty(), "the session opened");
        QVERIFY2(!message.contains(QStringLiteral("Secr3t")), qPrintable(message));
    }

    // --sandbox-server given with a password and mistyped.
    void aMalformedSandboxServerIsQuotedWithoutItsPassword()
    {
        const QString message = test::errorOf([] {
            pgtools::uriFor(QStringLiteral("postgresql://admin:Secr3tPw@[db/postgres"),
                            QStringLiteral("payops_sandbox"), QStringLiteral("payops_sandbox"));
        });
        QVERIFY2(message.contains(QStringLiteral("is not a postgresql:// URI")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("Secr3t")), qPrintable(message));
    }

    void aSessionDescribesItsConnectionWithoutThePassword()
    {
        db::Session session(
            ConnectionProfile::fromUri(test::demoCluster().backupUri(), QStringLiteral("demo")),
            QString(), db::SessionOptions());
        QCOMPARE(session.connectionDescription(), withoutPassword(test::demoCluster().backupUri()));
        // A query that fails names the connection, never with the password.
        const QString message =
            test::errorOf([&] { session.query(QStringLiteral("SELECT * FROM no_such_table")); });
        QVERIFY2(message.contains(QStringLiteral("postgresql://oncall@/billing_backup")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral(":oncall@")), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestSecretsOnDemo)
#include "test_secrets_on_demo.moc"
