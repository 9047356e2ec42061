// The webhook secret from the keychain (gnome-keyring over D-Bus, as in
// installer/run-tests.sh): stored with `payops watch --store-webhook-secret`
// from standard input, it signs the deliveries of a watch that has no
// PAYOPS_WEBHOOK_SECRET; the environment variable, when set, wins.
#include "support/cli_run.h"
#include "support/drill_copy.h"
#include "support/webhook_listener.h"
#include "watch/webhook_delivery.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace payops;
using test::CliRun;
using test::WebhookListener;

class TestWatchKeychain : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::DrillCopy> m_copy;
    std::unique_ptr<WebhookListener> m_hook;

    // Injects one more batch of staging refunds and watches it: the
    // deliveries of that run.
    QVector<WebhookListener::Delivery> watchAnIncident()
    {
        const int seen = int(m_hook->accepted().size());
        CliRun run = test::runCli({QStringLiteral("demo"), QStringLiteral("inject"),
                                   QStringLiteral("staging_refunds"), QStringLiteral("--database"),
                                   m_copy->database()});
        if (run.exitCode != 0)
            qWarning("%s", run.err.constData());
        run = test::runCli({QStringLiteral("watch"), QStringLiteral("--once"),
                            QStringLiteral("--every"), QStringLiteral("1m"), QStringLiteral("--db"),
                            m_copy->uri(QStringLiteral("watcher")), QStringLiteral("--webhook"),
                            m_hook->url().toString()});
        qInfo("%s", run.err.constData());
        return m_hook->accepted().mid(seen);
    }

private slots:
    void initTestCase()
    {
        qunsetenv("PAYOPS_WATCH_NOW");
        qunsetenv("PAYOPS_WEBHOOK_SECRET");
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("keychain"));
        m_hook = std::make_unique<WebhookListener>();
    }
    void cleanupTestCase()
    {
        m_copy.reset();
        m_hook.reset();
    }

    void nothingOnStandardInputStoresNothing()
    {
        QProcess store;
        store.start(test::cliProgram(),
                    {QStringLiteral("watch"), QStringLiteral("--store-webhook-secret")});
        QVERIFY(store.waitForStarted());
        store.closeWriteChannel();
        QVERIFY(store.waitForFinished(30000));
        QCOMPARE(store.exitCode(), 2);
        QVERIFY(store.readAllStandardError().contains("got none; nothing was stored"));
    }

    void theKeychainSecretSignsAndTheEnvironmentWins()
    {
        const QByteArray secret = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        QProcess store;
        store.start(test::cliProgram(),
                    {QStringLiteral("watch"), QStringLiteral("--store-webhook-secret")});
        QVERIFY(store.waitForStarted());
        store.write(secret + '\n');
        store.closeWriteChannel();
        QVERIFY(store.waitForFinished(30000));
        QVERIFY2(store.exitCode() == 0, store.readAllStandardError().constData());
        // The secret is in neither the arguments nor the output.
        QVERIFY(!store.readAllStandardOutput().contains(secret));

        auto deliveries = watchAnIncident();
        QVERIFY(!deliveries.isEmpty());
        for (const auto &delivery : deliveries)
            QCOMPARE(delivery.signature,
                     watch::webhookSignature(
                         QJsonDocument(delivery.body).toJson(QJsonDocument::Compact), secret));

        qputenv("PAYOPS_WEBHOOK_SECRET", "from-the-environment");
        deliveries = watchAnIncident();
        qunsetenv("PAYOPS_WEBHOOK_SECRET");
        QVERIFY(!deliveries.isEmpty());
        for (const auto &delivery : deliveries)
            QCOMPARE(
                delivery.signature,
                watch::webhookSignature(QJsonDocument(delivery.body).toJson(QJsonDocument::Compact),
                                        QByteArrayLiteral("from-the-environment")));
    }
};

QTEST_GUILESS_MAIN(TestWatchKeychain)
#include "test_watch_keychain.moc"
