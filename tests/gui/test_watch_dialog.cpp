// Tools → Watch status and alerts, as the support agent (a viewer) sees it
// after a watch ran on the demo over the staging refunds: the last run, the
// next one due, the open alerts, and the alert history with the incident in
// it, all read off the GUI thread.
#include "items/query_table_model.h"
#include "support/cli_run.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/main_window.h"
#include "widgets/watch_status/watch_dialog.h"

#include <QAction>
#include <QPushButton>
#include <QTest>

using namespace payops;

class TestWatchDialog : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;

private slots:
    void initTestCase()
    {
        // The watch over the hour of the staging refunds, as the demo's watcher.
        qputenv("PAYOPS_WATCH_NOW", "2026-04-18T12:00:00Z");
        const auto run =
            test::runCli({QStringLiteral("watch"), QStringLiteral("--once"),
                          QStringLiteral("--every"), QStringLiteral("1h"), QStringLiteral("--db"),
                          test::demoCluster().socketUri(QStringLiteral("watcher:watcher"),
                                                        QStringLiteral("billing"))});
        // 0 when an earlier run of this test recorded the same window already.
        QVERIFY2(run.exitCode == 0 || run.exitCode == 3, run.err.constData());
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void theWatchStatusShowsTheLastRunAndItsAlerts()
    {
        auto window = m_console.connectedWindow(test::personProfile(QStringLiteral("support")),
                                                QStringLiteral("support"));
        auto *action = window->findChild<QAction *>(QStringLiteral("watchAction"));
        QVERIFY(action);
        action->trigger();
        auto *dialog = window->findChild<WatchDialog *>(QStringLiteral("watchDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().startsWith(QStringLiteral("Last run:")),
                                 30000);
        QVERIFY2(dialog->statusText().contains(QStringLiteral("by watcher")),
                 qPrintable(dialog->statusText()));
        QVERIFY2(
            dialog->statusText().contains(QStringLiteral("Next run due: 2026-04-18 13:00 UTC")),
            qPrintable(dialog->statusText()));
        QVERIFY(!dialog->statusText().contains(QStringLiteral("Open alerts: 0 ")));

        QueryTableModel *alerts = dialog->alerts();
        QTRY_VERIFY_WITH_TIMEOUT(alerts->rowCount() > 0, 30000);
        bool staging = false;
        for (int r = 0; r < alerts->rowCount(); ++r)
            staging =
                staging || (alerts->rawValue(r, 3).contains(QStringLiteral("non-production")) &&
                            alerts->rawValue(r, 1) == u"high");
        QVERIFY(staging);

        // Reload reads both again.
        dialog->findChild<QPushButton *>(QStringLiteral("watchReload"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().startsWith(QStringLiteral("Last run:")),
                                 30000);
        dialog->close();
    }
};

QTEST_MAIN(TestWatchDialog)
#include "test_watch_dialog.moc"
