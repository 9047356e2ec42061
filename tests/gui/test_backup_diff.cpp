// The whole database against a backup as on-call uses it in the console:
// pick the backup, follow the progress, read the counts per table and per
// day, find the population's findings in the findings panel; and Cancel
// (offscreen, on the demo and its backup).
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/activity_bar.h"
#include "widgets/backup_diff_dialog.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace payops;

class TestBackupDiff : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    QVector<BackupSource> m_demoBackups;
    qint64 m_accountsGone = 0; // accounts in the backup that live no longer has
    qint64 m_deletionVictims = 0;

    std::unique_ptr<MainWindow> connectedWindow()
    {
        ConnectionProfile profile = test::personProfile(QStringLiteral("oncall"));
        profile.backups = m_demoBackups;
        // The scan the connection starts must not clear the panel later.
        return m_console.scannedWindow(profile, QStringLiteral("oncall"),
                                       test::ConsoleFixture::Show::Yes);
    }

    // The count in `column` of the per-table row of `table`, or -1.
    static qint64 countOf(QTableWidget *view, const QString &table, int column)
    {
        for (int row = 0; row < view->rowCount(); ++row)
            if (view->item(row, 0)->text() == table)
                return view->item(row, column)->data(Qt::DisplayRole).toLongLong();
        return -1;
    }

    static int findingTitled(FindingsPanel *panel, const QString &start)
    {
        for (int row = 0; row < panel->count(); ++row)
            if (panel->findingAt(row).title.startsWith(start))
                return row;
        return -1;
    }

    void compareWith(MainWindow &window, const QString &backup, BackupDiffDialog *&dialog)
    {
        dialog = window.openBackupDiff();
        QVERIFY(dialog);
        dialog->backupBox()->setCurrentIndex(
            dialog->backupBox()->findText(backup, Qt::MatchStartsWith));
        QVERIFY(dialog->backupBox()->currentText().startsWith(backup));
        QSignalSpy finished(&window, &MainWindow::backupDiffFinished);
        QTest::mouseClick(dialog->compareButton(), Qt::LeftButton);
        QVERIFY(!dialog->compareButton()->isEnabled());
        QVERIFY(dialog->cancelButton()->isEnabled());
        // The main window says it runs (not "Idle"); Close waits for it.
        QVERIFY(window.activityBar()->isBusy());
        QVERIFY2(window.activityBar()->text().startsWith(QStringLiteral("Comparing")),
                 qPrintable(window.activityBar()->text()));
        QVERIFY(!dialog->closeButton()->isEnabled());
        QVERIFY(!dialog->closeButton()->toolTip().isEmpty());
        QVERIFY2(finished.wait(240000), qPrintable(dialog->statusText()));
        QVERIFY(dialog->closeButton()->isEnabled());
        QTRY_COMPARE(window.activityBar()->text(), QStringLiteral("Idle"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(test::demoCluster().isRunning(), "the demo fixture is not running");
        // The truth, read from both databases before the GUI thread is guarded.
        QSet<QString> live, backup;
        for (const auto &row :
             test::adminSession()->query(QStringLiteral("SELECT id::text FROM accounts")).rows)
            live.insert(row[0]);
        for (const auto &row : test::adminSession(QStringLiteral("billing_backup"))
                                   ->query(QStringLiteral("SELECT id::text FROM accounts"))
                                   .rows)
            backup.insert(row[0]);
        m_accountsGone = (backup - live).size();
        m_deletionVictims = test::idSet(test::manifest()
                                            .value(QStringLiteral("incidents"))
                                            .toObject()
                                            .value(QStringLiteral("account_deletions"))
                                            .toObject()
                                            .value(QStringLiteral("users")))
                                .size();
        QVERIFY(m_accountsGone >= m_deletionVictims && m_deletionVictims > 300);
        m_demoBackups = test::demoCluster().backups();
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void theWholeDatabaseDiffFeedsTheFindingsPanel()
    {
        auto window = connectedWindow();
        FindingsPanel *panel = window->findChild<FindingsPanel *>();
        QVERIFY(panel);
        BackupDiffDialog *dialog = nullptr;
        compareWith(*window, QStringLiteral("billing_backup"), dialog);
        if (QTest::currentTestFailed())
            return;
        // Per table: every account the backup has and live lacks is deleted.
        QCOMPARE(countOf(dialog->tablesView(), QStringLiteral("accounts"), 1), m_accountsGone);
        // The overwritten conversations: 1,800 changed, none deleted.
        QVERIFY(countOf(dialog->tablesView(), QStringLiteral("support_conversations"), 2) >= 1800);
        // Per day: the staging refunds are all new since the backup, dated
        // on the incident's day.
        QVERIFY(dialog->daysView()->rowCount() > 10);
        // The Per day tab is a chart: a bar per day, the incident's day tallest
        // with the staging refunds, new since the backup.
        auto *bars =
            qobject_cast<QAbstractBarSeries *>(dialog->dayChart()->chart()->series().value(0));
        QVERIFY(bars && bars->count() >= 2);
        auto *days = qobject_cast<QBarCategoryAxis *>(
            dialog->dayChart()->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(days && days->count() > 10 && days->count() <= 62);
        // The old rows (accounts created long ago) in one bar, then days.
        QCOMPARE(days->categories().value(0), QStringLiteral("earlier"));
        QCOMPARE(days->categories().removeDuplicates(), 0);
        QVERIFY(days->categories().contains(QStringLiteral("04-18")));
        QBarSet *fresh = nullptr;
        for (QBarSet *set : bars->barSets())
            if (set->label() == u"new since the backup")
                fresh = set;
        QVERIFY(fresh);
        QVERIFY(fresh->at(int(days->categories().indexOf(QStringLiteral("04-18")))) >= 10000);
        QVERIFY2(dialog->statusText().contains(
                     QStringLiteral("taken 2026-04-10 00:00:00 UTC (entered)")),
                 qPrintable(dialog->statusText()));
        // The findings panel: who lost records (high: their payments were
        // moved to the sentinel), and the overwritten assignees.
        const int lost =
            findingTitled(panel, QStringLiteral("%1 users lost records since "
                                                "billing_backup")
                                     .arg(QLocale(QLocale::English).toString(m_accountsGone)));
        QVERIFY2(lost >= 0, qPrintable(panel->findingAt(0).title));
        QCOMPARE(panel->findingAt(lost).severity, Severity::High);
        // It lists its users, one row each, and says what money it counts
        // rather than "none".
        QCOMPARE(panel->findingAt(lost).rowCount, m_accountsGone);
        QVERIFY2(moneyText(panel->findingAt(lost)).contains(QStringLiteral("money records")),
                 qPrintable(moneyText(panel->findingAt(lost))));
        const int assignee = findingTitled(panel, QStringLiteral("support_conversations.assignee "
                                                                 "changed in"));
        QVERIFY(assignee >= 0);
        QVERIFY(panel->findingAt(assignee).rowCount >= 1800);
        // Its rows are listed, old value and new, whatever session runs them.
        QVERIFY(panel->findingAt(assignee).rowsSql.contains(QStringLiteral("in_backup")));
        // For the README: the dialog and the window with its findings.
        if (const QString dir = qEnvironmentVariable("PAYOPS_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QVERIFY(dialog->grab().save(dir + QStringLiteral("/backup-diff.png")));
        }
        // Close is a button of the window itself.
        QPointer<BackupDiffDialog> open(dialog);
        dialog->closeButton()->click();
        QTRY_VERIFY(open.isNull());
    }

    void theArchiveIsRestoredComparedAndTheSameComesOut()
    {
        auto window = connectedWindow();
        BackupDiffDialog *dialog = nullptr;
        compareWith(*window, QStringLiteral("billing_backup.dump"), dialog);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(countOf(dialog->tablesView(), QStringLiteral("accounts"), 1), m_accountsGone);
    }

    void cancelStopsItAndAddsNothing()
    {
        auto window = connectedWindow();
        FindingsPanel *panel = window->findChild<FindingsPanel *>();
        const int findingsBefore = panel->count();
        BackupDiffDialog *dialog = window->openBackupDiff();
        QVERIFY(dialog);
        QSignalSpy finished(window.get(), &MainWindow::backupDiffFinished);
        QTest::mouseClick(dialog->compareButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().startsWith(QStringLiteral("Comparing")),
                                 60000);
        QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->compareButton()->isEnabled(), 30000);
        QVERIFY2(dialog->statusText().contains(QStringLiteral("was cancelled")),
                 qPrintable(dialog->statusText()));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(panel->count(), findingsBefore);
        QCOMPARE(dialog->tablesView()->rowCount(), 0);
    }

    void withoutABackupItSaysWhatToDo()
    {
        auto window = m_console.window(test::ConsoleFixture::Show::Yes);
        QSignalSpy connected(window.get(), &MainWindow::connected);
        window->connectTo(test::personProfile(QStringLiteral("oncall")), QStringLiteral("oncall"));
        QVERIFY(connected.wait(60000));
        QVERIFY(!window->openBackupDiff());
        QVERIFY2(window->lastMessage().contains(QStringLiteral("names no backup")),
                 qPrintable(window->lastMessage()));
    }
};

QTEST_MAIN(TestBackupDiff)
#include "test_backup_diff.moc"
