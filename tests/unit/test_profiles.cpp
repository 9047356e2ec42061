#include "core/profile_store.h"
#include "core/user_error.h"
#include "support/test_demo.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using payops::BackupSource;
using payops::ConnectionProfile;
using payops::ProfileStore;
using payops::resolveBackup;
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
        p.backups = {{QStringLiteral("nightly"), QStringLiteral("postgresql://b/billing_backup"),
                      QDateTime(QDate(2026, 4, 10), QTime(0, 0), Qt::UTC)},
                     {QStringLiteral("archive"), QStringLiteral("/srv/dumps/billing.dump"), {}}};
        p.schemaProfile = QStringLiteral("/etc/payops/billing.json");
        return p;
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
        QCOMPARE(loaded.backups.size(), 2);
        QCOMPARE(loaded.backups[0].name, QStringLiteral("nightly"));
        QCOMPARE(loaded.backups[0].location, QStringLiteral("postgresql://b/billing_backup"));
        QCOMPARE(loaded.backups[0].takenAt, QDateTime(QDate(2026, 4, 10), QTime(0, 0), Qt::UTC));
        QVERIFY(!loaded.backups[0].isArchive());
        QVERIFY(loaded.backups[1].isArchive());
        QVERIFY(!loaded.backups[1].takenAt.isValid());
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
        const QString message = payops::test::errorOf([&] { store.profile(validProfile().name); });
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
        QVERIFY(payops::test::errorOf([&] {
                    store.save(p);
                }).contains(QStringLiteral("outside 1-65535")));
        p = validProfile();
        p.environmentLabel.clear();
        QVERIFY(payops::test::errorOf([&] {
                    store.save(p);
                }).contains(QStringLiteral("no environment label")));
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(settings.allKeys().isEmpty());
    }

    void unknownProfileSaysHowToCreateIt()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        QVERIFY(payops::test::errorOf([&] {
                    store.profile(QStringLiteral("nope"));
                }).contains(QStringLiteral("--db URI")));
    }

    void backupTimesReadAsOperatorsWriteThem()
    {
        const QDateTime midnight(QDate(2026, 4, 10), QTime(0, 0), Qt::UTC);
        QCOMPARE(BackupSource::parseTime(QStringLiteral("2026-04-10 00:00")), midnight);
        QCOMPARE(BackupSource::parseTime(QStringLiteral("2026-04-10T00:00:00Z")), midnight);
        QCOMPARE(BackupSource::parseTime(QStringLiteral("2026-04-10 02:00:00+02")), midnight);
        QCOMPARE(BackupSource::parseTime(QStringLiteral("2026-04-10T02:00+02:00")), midnight);
        QVERIFY(!BackupSource::parseTime(QStringLiteral("yesterday")).isValid());
        QVERIFY(!BackupSource::parseTime(QStringLiteral("2026-13-40 00:00")).isValid());
    }

    void backupsAreFoundByNameOrLocation()
    {
        const QVector<BackupSource> known = validProfile().backups;
        QCOMPARE(resolveBackup(known, QStringLiteral("nightly")).location,
                 QStringLiteral("postgresql://b/billing_backup"));
        QCOMPARE(resolveBackup(known, QStringLiteral("nightly")).takenAt, known[0].takenAt);
        const BackupSource uri = resolveBackup(known, QStringLiteral("postgresql://c/copy"));
        QCOMPARE(uri.location, QStringLiteral("postgresql://c/copy"));
        QVERIFY(!uri.takenAt.isValid());
        // Neither a name, a URI nor a file: nothing to compare with.
        QVERIFY(resolveBackup(known, QStringLiteral("nightly-typo")).location.isEmpty());
    }

    void backupsSavedAsPlainLocationsStillLoad()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        store.save(validProfile());
        // As an earlier version wrote them: a list of URIs, no names.
        settings.beginGroup(QStringLiteral("profiles"));
        const QString group = settings.childGroups().value(0);
        settings.remove(group + QStringLiteral("/backups"));
        settings.setValue(group + QStringLiteral("/backups"),
                          QStringList{QStringLiteral("postgresql://b/billing_backup")});
        settings.endGroup();
        const ConnectionProfile loaded = store.profile(validProfile().name);
        QCOMPARE(loaded.backups.size(), 1);
        QCOMPARE(loaded.backups[0].location, QStringLiteral("postgresql://b/billing_backup"));
        QCOMPARE(loaded.backups[0].name, QStringLiteral("postgresql://b/billing_backup"));
    }

    void aBackupWithoutLocationIsNotSaved()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        ConnectionProfile p = validProfile();
        p.backups << BackupSource{QStringLiteral("lost"), QString(), {}};
        QVERIFY(payops::test::errorOf([&] {
                    store.save(p);
                }).contains(QStringLiteral("Backup \"lost\"")));
        QVERIFY(store.profiles().isEmpty());
    }

    // A backup's password never reaches the settings file: a location that
    // still carries one is refused on save (nothing written) and on load.
    void aBackupLocationWithAPasswordIsNotSaved_data()
    {
        QTest::addColumn<QString>("location");
        QTest::newRow("user:password@") << "postgresql://oncall:Secr3tPw@db.example/billing_backup";
        QTest::newRow("?password=")
            << "postgresql://oncall@db.example/billing_backup?sslmode=require&password=Secr3tPw";
        QTest::newRow("key=value") << "host=db.example dbname=billing_backup password=Secr3tPw";
    }
    void aBackupLocationWithAPasswordIsNotSaved()
    {
        QFETCH(QString, location);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        ConnectionProfile p = validProfile();
        p.backups[0].location = location;
        const QString message = payops::test::errorOf([&] { store.save(p); });
        QVERIFY2(message.contains(QStringLiteral("Backup \"nightly\"")) &&
                     message.contains(QStringLiteral("password")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("keychain")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("Secr3tPw")), qPrintable(message));
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(settings.allKeys().isEmpty());
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(!file.open(QIODevice::ReadOnly) || !file.readAll().contains("Secr3tPw"));
    }

    void aBackupLocationWithAPasswordInTheFileIsRefused_data()
    {
        aBackupLocationWithAPasswordIsNotSaved_data();
    }
    void aBackupLocationWithAPasswordInTheFileIsRefused()
    {
        QFETCH(QString, location);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        store.save(validProfile());
        // As someone (or an earlier version of the console) wrote it by hand.
        settings.setValue(
            QStringLiteral("profiles/") +
                QString::fromLatin1(validProfile().name.toUtf8().toPercentEncoding()) +
                QStringLiteral("/backups/1/location"),
            location);
        const QString message = payops::test::errorOf([&] { store.profile(validProfile().name); });
        QVERIFY2(message.contains(QStringLiteral("password written in the settings file ") +
                                  settings.fileName()),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("\"nightly\"")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Remove")) &&
                     message.contains(QStringLiteral("keychain")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("Secr3tPw")), qPrintable(message));
    }

    void anOldListOfLocationsWithAPasswordIsRefused()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        store.save(validProfile());
        settings.beginGroup(QStringLiteral("profiles"));
        const QString group = settings.childGroups().value(0);
        settings.remove(group + QStringLiteral("/backups"));
        settings.setValue(group + QStringLiteral("/backups"),
                          QStringList{QStringLiteral("postgresql://b:Secr3tPw@db/billing_backup")});
        settings.endGroup();
        const QString message = payops::test::errorOf([&] { store.profile(validProfile().name); });
        QVERIFY2(message.contains(QStringLiteral("password written in the settings file")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("Secr3tPw")), qPrintable(message));
    }

    // The file holds host names, users and backup locations: for its owner
    // only, even when an earlier version left it readable by everyone.
    void theSettingsFileIsReadableByItsOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.ini"));
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.close();
        QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                   QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QSettings settings(path, QSettings::IniFormat);
        ProfileStore store(settings);
        store.save(validProfile());
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                QFileDevice::WriteOther | QFileDevice::ExeOther;
        const QFileDevice::Permissions mode = QFile::permissions(path);
        QVERIFY2(!(mode & others), qPrintable(QString::number(int(mode), 16)));
        QVERIFY(mode & QFileDevice::ReadOwner);
        QVERIFY(mode & QFileDevice::WriteOwner);
        QVERIFY(!(mode & QFileDevice::ExeOwner));
        // And still after the next save.
        store.save(validProfile());
        QVERIFY(!(QFile::permissions(path) & others));
    }

    void aBackupNamedAfterItsUriIsNamedWithoutItsPassword()
    {
        const BackupSource userInfo = BackupSource::fromLocation(
            QStringLiteral("postgresql://oncall:Secr3tPw@db.example/billing_backup"));
        QCOMPARE(userInfo.name, QStringLiteral("postgresql://oncall@db.example/billing_backup"));
        // The location still connects with it; it is never saved (see above).
        QCOMPARE(userInfo.location,
                 QStringLiteral("postgresql://oncall:Secr3tPw@db.example/billing_backup"));
        const BackupSource query = resolveBackup(
            {}, QStringLiteral("postgresql://oncall@db.example/billing_backup?password=Secr3tPw"));
        QCOMPARE(query.name, QStringLiteral("postgresql://oncall@db.example/billing_backup"));
        QVERIFY(!BackupSource::fromLocation(QStringLiteral("host=db password=Secr3tPw"))
                     .name.contains(QStringLiteral("Secr3tPw")));
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
