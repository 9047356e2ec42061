#include "secrets/secret_store.h"

#include <QSignalSpy>
#include <QTest>

using namespace payops::secrets;

class TestSessionSecretStore : public QObject
{
    Q_OBJECT
private slots:
    void remembersForThisRunOnlyAndAnswersAsynchronously()
    {
        SessionOnlySecretStore store;
        QObject context;
        QList<SecretResult> answers;
        auto collect = [&answers](const SecretResult &r) {
            answers << r;
        };
        store.readPassword(QStringLiteral("k"), &context, collect);
        QVERIFY(answers.isEmpty()); // never answers synchronously
        QTRY_COMPARE(answers.size(), 1);
        QVERIFY(answers[0].notFound);
        store.writePassword(QStringLiteral("k"), QStringLiteral("s3cret"), &context, collect);
        store.readPassword(QStringLiteral("k"), &context, collect);
        QTRY_COMPARE(answers.size(), 3);
        QVERIFY(answers[2].ok);
        QCOMPARE(answers[2].password, QStringLiteral("s3cret"));
        store.deletePassword(QStringLiteral("k"), &context, collect);
        store.readPassword(QStringLiteral("k"), &context, collect);
        QTRY_COMPARE(answers.size(), 5);
        QVERIFY(answers[4].notFound);
    }

    void noAnswerAfterTheContextIsGone()
    {
        SessionOnlySecretStore store;
        bool called = false;
        {
            QObject context;
            store.readPassword(QStringLiteral("k"), &context,
                               [&called](const SecretResult &) { called = true; });
        }
        QTest::qWait(50);
        QVERIFY(!called);
    }
};

QTEST_MAIN(TestSessionSecretStore)
#include "test_session_secret_store.moc"
