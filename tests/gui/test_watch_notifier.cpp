// The console's desktop notification of payops watch, as the support agent
// (a viewer) connected to a copy of the demo: a watch run that opens a high
// alert, or makes one grow, gives one tray message per alert on the next
// look (offscreen there is no tray: the test reads the message from the
// notifier's signal); a look with nothing new says nothing; a click opens
// the Watch window on the announced alert. Every look is off the GUI thread.
#include "items/query_table_model.h"
#include "support/cli_run.h"
#include "support/console_fixture.h"
#include "support/drill_copy.h"
#include "support/test_demo.h"
#include "widgets/main_window.h"
#include "widgets/watch_status/watch_dialog.h"
#include "widgets/watch_status/watch_notifier.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <thread>

using namespace payops;

class TestWatchNotifier : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    std::unique_ptr<test::DrillCopy> m_copy;

    void injectAndWatch()
    {
        auto run = test::runCli({QStringLiteral("demo"), QStringLiteral("inject"),
                                 QStringLiteral("staging_refunds"), QStringLiteral("--database"),
                                 m_copy->database()});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        run = test::runCli({QStringLiteral("watch"), QStringLiteral("--once"),
                            QStringLiteral("--every"), QStringLiteral("1m"), QStringLiteral("--db"),
                            m_copy->uri(QStringLiteral("watcher"))});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.contains("[HIGH]"), run.err.constData());
    }

private slots:
    void initTestCase()
    {
        qunsetenv("PAYOPS_WATCH_NOW"); // the watch looks at the present, where the injection is
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("notify"));
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }
    void cleanupTestCase()
    {
        // Dropping the copy is database work: not on this (the GUI's) thread.
        std::thread([this] { m_copy.reset(); }).join();
    }

    void aNewHighAlertIsAnnouncedAndOpensTheWatchWindow()
    {
        auto window = m_console.connectedWindow(
            test::personProfile(QStringLiteral("support"), m_copy->database()),
            QStringLiteral("support"));
        auto *notifier = window->findChild<WatchNotifier *>(QStringLiteral("watchNotifier"));
        QVERIFY(notifier);
        QSignalSpy notified(notifier, &WatchNotifier::notified);
        QSignalSpy polled(notifier, &WatchNotifier::polled);
        QTRY_VERIFY_WITH_TIMEOUT(notifier->hasLooked(), 30000);
        QCOMPARE(notified.count(), 0); // nothing open yet

        // A watch run opens the staging refunds' alert (one for the
        // incident, whose two findings are both high).
        injectAndWatch();
        notifier->poll();
        QTRY_VERIFY_WITH_TIMEOUT(notified.count() >= 1, 30000);
        QStringList messages;
        for (const auto &signal : notified)
            messages << signal.at(1).toString() + QStringLiteral(": ") + signal.at(2).toString();
        QVERIFY2(messages.filter(QStringLiteral("New HIGH alert from payops watch: Alert "))
                         .filter(QStringLiteral("refunds issued by a non-production source"))
                         .size() == 1,
                 qPrintable(messages.join(QLatin1Char('\n'))));

        // A look with nothing new says nothing.
        const int before = int(notified.count());
        polled.clear();
        notifier->poll();
        QTRY_VERIFY_WITH_TIMEOUT(polled.count() == 1, 30000);
        QCOMPARE(notified.count(), before);

        // Injected again, the alert grows: announced once more as grown.
        injectAndWatch();
        notifier->poll();
        QTRY_VERIFY_WITH_TIMEOUT(notified.count() > before, 30000);
        QVERIFY2(notified.last().at(1).toString().contains(QStringLiteral("grew")),
                 qPrintable(notified.last().at(1).toString()));

        // The click: the Watch window, on the last announced alert.
        notifier->openLastAlert();
        auto *dialog = window->findChild<WatchDialog *>(QStringLiteral("watchDialog"));
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->selectedAlert(), notifier->lastAnnouncedAlert(), 30000);
        QCOMPARE(notified.last().at(0).toLongLong(), notifier->lastAnnouncedAlert());
        dialog->close();
    }
};

QTEST_MAIN(TestWatchNotifier)
#include "test_watch_notifier.moc"
