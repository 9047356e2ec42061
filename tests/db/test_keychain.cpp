// Passwords in the real OS keychain (gnome-keyring over D-Bus in CI). Built
// twice: with a keyring it must round-trip; with no D-Bus session
// (PAYOPS_EXPECT_NO_KEYCHAIN) it must answer fast with a usable message.
#include "secrets/keychain_secret_store.h"

#include <QElapsedTimer>

#include <QTest>
#include <QUuid>
#include <optional>

using namespace payops::secrets;

class TestKeychain : public QObject
{
    Q_OBJECT

    SecretResult call(const std::function<void(SecretStore::Callback)> &start)
    {
        std::optional<SecretResult> answer;
        start([&answer](const SecretResult &r) { answer = r; });
        QElapsedTimer clock;
        clock.start();
        while (!answer && clock.elapsed() < 20000)
            QTest::qWait(10);
        if (!answer) {
            SecretResult none;
            none.error = QStringLiteral("no answer within 20 s");
            return none;
        }
        return *answer;
    }

private slots:
    void storesReadsAndDeletes()
    {
        if (qEnvironmentVariableIsSet("PAYOPS_EXPECT_NO_KEYCHAIN"))
            QSKIP("this build of the test checks the no-keychain path");
        KeychainSecretStore store(QStringLiteral("payops-console-test"));
        QObject context;
        const QString key =
            QStringLiteral("test/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVERIFY2(call([&](auto done) {
                     store.writePassword(key, QStringLiteral("pa55 wörd"), &context, done);
                 }).ok,
                 "writing to the keychain failed: is a Secret Service running?");
        const SecretResult read = call([&](auto done) { store.readPassword(key, &context, done); });
        QVERIFY(read.ok);
        QCOMPARE(read.password, QStringLiteral("pa55 wörd"));
        QVERIFY(call([&](auto done) { store.deletePassword(key, &context, done); }).ok);
        const SecretResult gone = call([&](auto done) { store.readPassword(key, &context, done); });
        QVERIFY(!gone.ok);
        QVERIFY(gone.notFound);
        QVERIFY(!gone.storeUnavailable);
    }

    void withoutKeychainAnswersFastAndSaysWhatToDo()
    {
        if (!qEnvironmentVariableIsSet("PAYOPS_EXPECT_NO_KEYCHAIN"))
            QSKIP("this build of the test checks a working keychain");
        KeychainSecretStore store(QStringLiteral("payops-console-test"));
        QObject context;
        QElapsedTimer clock;
        clock.start();
        const SecretResult result =
            call([&](auto done) { store.readPassword(QStringLiteral("k"), &context, done); });
        QVERIFY2(clock.elapsed() < 2000, "the no-keychain answer took too long");
        QVERIFY(!result.ok);
        QVERIFY(result.storeUnavailable);
        QVERIFY2(result.error.contains(QStringLiteral("asked for each session")) ||
                     result.error.contains(QStringLiteral("type the password")),
                 qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "test_keychain.moc"
