// The one function that takes passwords out of connection strings: every
// form libpq accepts, and text that only mentions one.
#include "core/connection_secrets.h"

#include <QTest>

using namespace payops;

class TestConnectionSecrets : public QObject
{
    Q_OBJECT

private slots:
    void uriPasswordsAreRemoved_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("shown");
        QTest::addColumn<QString>("password");
        QTest::newRow("user:password@") << "postgresql://alice:s3cret@db.example:5432/billing"
                                        << "postgresql://alice@db.example:5432/billing"
                                        << "s3cret";
        QTest::newRow("percent-encoded")
            << "postgres://alice:p%40ss%2Fw0rd@db/billing?sslmode=require"
            << "postgres://alice@db/billing?sslmode=require"
            << "p@ss/w0rd";
        QTest::newRow("query parameter first")
            << "postgresql://alice@db/billing?password=hunter2&sslmode=require"
            << "postgresql://alice@db/billing?sslmode=require"
            << "hunter2";
        QTest::newRow("query parameter last")
            << "postgresql://alice@db/billing?sslmode=require&password=hunter2"
            << "postgresql://alice@db/billing?sslmode=require"
            << "hunter2";
        QTest::newRow("query parameter alone") << "postgresql:///billing?host=%2Ftmp&password=x"
                                               << "postgresql:///billing?host=%2Ftmp"
                                               << "x";
        // libpq refuses it and quotes it as typed: that is the text to redact.
        QTest::newRow("broken percent-encoding kept as typed")
            << "postgresql://alice:s3cret%zz@db/billing"
            << "postgresql://alice@db/billing"
            << "s3cret%zz";
        QTest::newRow("no password") << "postgresql://alice@db/billing"
                                     << "postgresql://alice@db/billing" << QString();
        QTest::newRow("unix socket user only")
            << "postgresql://oncall@/billing?host=%2Ftmp%2Fd&port=5432"
            << "postgresql://oncall@/billing?host=%2Ftmp%2Fd&port=5432" << QString();
        QTest::newRow("key=value bare") << "host=db dbname=billing user=alice password=s3cret"
                                        << "host=db dbname=billing user=alice"
                                        << "s3cret";
        QTest::newRow("key=value escaped quote") << "host=db password='it\\'s' dbname=billing"
                                                 << "host=db dbname=billing"
                                                 << "it's";
        QTest::newRow("key=value quoted with spaces") << "host=db password='a b c' dbname=billing"
                                                      << "host=db dbname=billing"
                                                      << "a b c";
    }
    void uriPasswordsAreRemoved()
    {
        QFETCH(QString, given);
        QFETCH(QString, shown);
        QFETCH(QString, password);
        QCOMPARE(withoutPassword(given), shown);
        QCOMPARE(passwordIn(given), password);
        QVERIFY(!withoutPassword(given).contains(QStringLiteral("s3cret")));
    }

    void redactionCoversMessagesAndGivenSecrets()
    {
        const QString message = QStringLiteral(
            "could not connect to postgresql://alice:s3cret@db/billing (password=s3cret): "
            "invalid URI query parameter: \"pw=hunter 2\"");
        const QString clean = redactSecrets(message, {QStringLiteral("hunter 2")});
        QVERIFY2(!clean.contains(QStringLiteral("s3cret")), qPrintable(clean));
        QVERIFY2(!clean.contains(QStringLiteral("hunter 2")), qPrintable(clean));
        QVERIFY(clean.contains(QStringLiteral("postgresql://alice:***@db/billing")));
        // A percent-encoded echo of the secret is caught too.
        QCOMPARE(redactSecrets(QStringLiteral("bad: p%40ss"), {QStringLiteral("p@ss")}),
                 QStringLiteral("bad: ***"));
        // An empty secret changes nothing.
        QCOMPARE(redactSecrets(QStringLiteral("abc"), {QString()}), QStringLiteral("abc"));
    }
};

QTEST_APPLESS_MAIN(TestConnectionSecrets)
#include "test_connection_secrets.moc"
