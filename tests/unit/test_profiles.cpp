#include "core/profile_store.h"
#include "core/user_error.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using payops::ConnectionProfile;
using payops::ProfileStore;
using payops::UserError;

class TestProfiles : public QObject
{
    Q_OBJECT

    static ConnectionProfile validProfile()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("billing prod / eu");
        p.host = QStringLiteral("db.example");
        p.port = 6432;
        p.database = QStringLiteral("billing");
        p.user = QStringLiteral("oncall");
        p.sslMode = QStringLiteral("verify-full");
        p.environmentLabel = QStringLiteral("production");
        p.backups = {QStringLiteral("nightly"), QStringLiteral("postgresql://b/billing_backup")};
        p.schemaProfile = QStringLiteral("/etc/payops/billing.json");
        return p;
    }

    QString errorOf(const std::function<void()> &action)
    {
        try {
            action();
        } catch (const UserError &e) {
            return e.message();
        }
        return {};
    }

private slots:
    void connInfoQuotesEveryValue()
    {
        ConnectionProfile p = validProfile();
        p.database = QStringLiteral("it's \\odd");
        QCOMPARE(p.toConnInfo(),
                 QStringLiteral("host='db.example' port=6432 dbname='it\\'s \\\\odd' user='oncall' "
                                "sslmode='verify-full'"));
        QVERIFY(!p.toConnInfo().contains(QStringLiteral("password")));
    }

    void roundTripsThroughSettings()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        store.save(validProfile());
        const ConnectionProfile loaded = store.profile(validProfile().name);
        QCOMPARE(loaded.host, QStringLiteral("db.example"));
        QCOMPARE(loaded.port, 6432);
        QCOMPARE(loaded.backups, validProfile().backups);
        QCOMPARE(loaded.schemaProfile, validProfile().schemaProfile);
        QCOMPARE(loaded.environmentLabel, QStringLiteral("production"));
        QCOMPARE(store.profiles().size(), 1);
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("password"),
                 "a password was written to the settings file");
    }

    void malformedProfilesAreNamed_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no database") << "database"
                                     << ""
                                     << "names no database";
        QTest::newRow("port not a number") << "port"
                                           << "fivefourthree"
                                           << "port that is not a number";
        QTest::newRow("port out of range") << "port"
                                           << "70000"
                                           << "outside 1-65535";
        QTest::newRow("bad sslmode") << "sslmode"
                                     << "sometimes"
                                     << "sslmode \"sometimes\"";
        QTest::newRow("no environment") << "environment"
                                        << ""
                                        << "no environment label";
        QTest::newRow("password in file") << "password"
                                          << "hunter2"
                                          << "password written in the settings file";
    }
    void malformedProfilesAreNamed()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        store.save(validProfile());
        settings.setValue(
            QStringLiteral("profiles/") +
                QString::fromLatin1(validProfile().name.toUtf8().toPercentEncoding()) +
                QLatin1Char('/') + key,
            value);
        const QString message = errorOf([&] { store.profile(validProfile().name); });
        QVERIFY2(message.contains(expected), qPrintable(message));
        // Each message also says what to do.
        QVERIFY2(message.contains(QStringLiteral("Edit")) ||
                     message.contains(QStringLiteral("Remove")),
                 qPrintable(message));
    }

    void invalidProfileIsNotSaved()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        ConnectionProfile p = validProfile();
        p.port = 0;
        QVERIFY(errorOf([&] { store.save(p); }).contains(QStringLiteral("outside 1-65535")));
        p = validProfile();
        p.environmentLabel.clear();
        QVERIFY(errorOf([&] { store.save(p); }).contains(QStringLiteral("no environment label")));
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(settings.allKeys().isEmpty());
    }

    void unknownProfileSaysHowToCreateIt()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        QVERIFY(errorOf([&] {
                    store.profile(QStringLiteral("nope"));
                }).contains(QStringLiteral("--db URI")));
    }

    void rawUrisAreCheckedForShape()
    {
        QVERIFY(ConnectionProfile::fromUri(QStringLiteral("postgresql://a@b/c"))
                    .validationError()
                    .isEmpty());
        QVERIFY(ConnectionProfile::fromUri(QStringLiteral("host=a dbname=c"))
                    .validationError()
                    .isEmpty());
        QVERIFY(ConnectionProfile::fromUri(QStringLiteral("billing-db"))
                    .validationError()
                    .contains(QStringLiteral("neither a postgresql:// URI")));
    }
};

QTEST_APPLESS_MAIN(TestProfiles)
#include "test_profiles.moc"
