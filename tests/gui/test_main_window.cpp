// The console as an operator uses it, offscreen, against the demo database.
#include "core/money.h"
#include "core/result_table.h"
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "items/query_table_model.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/activity_bar.h"
#include "widgets/environment_banner.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"
#include "widgets/sql_dialog.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace payops;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void connectsScansAndShowsOrphans();
    void saysWhatToRunWhenThePayopsSchemaIsMissing();
    void cancelStopsALongQueryAndTheWindowStaysResponsive();
    void wrongPasswordIsRefusedWithAClearMessage();
    void asksForThePasswordWhenTheKeychainHasNone();
    void showsTheSqlBehindAFinding();
    void exportsTheRowsAsCsv();
    void filterNarrowsTheRows();
    void aBrokenSchemaProfileConnectsNothing();

private:
    ConnectionProfile demoProfile() const;
    qint64 expectedOrphans();
    // Shows the orphans finding in the detail view, as a click would.
    void selectOrphans()
    {
        FindingsPanel *panel = m_window->findingsPanel();
        panel->select(panel->rowOf(QStringLiteral("orphans")));
        QCOMPARE(
            m_window->detailView()->findChild<QLabel *>(QStringLiteral("findingTitle"))->text(),
            panel->findingAt(panel->rowOf(QStringLiteral("orphans"))).title);
    }

    std::unique_ptr<demo::DemoCluster> m_demo;
    // A console of its own for each test: settings, secret store, window.
    std::unique_ptr<test::ConsoleFixture> m_console;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    const QString dir = qEnvironmentVariable("PAYOPS_DEMO_DIR");
    QVERIFY2(!dir.isEmpty(),
             "PAYOPS_DEMO_DIR is not set: run through ctest, which starts the demo fixture");
    m_demo = std::make_unique<demo::DemoCluster>(dir);
    QVERIFY2(m_demo->isRunning() && m_demo->isBuilt(), "the demo fixture is not running");
    // Every database call from now on must happen off this (the GUI) thread;
    // one that does not aborts the test.
    test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
}

void TestMainWindow::init()
{
    m_console = std::make_unique<test::ConsoleFixture>(QStringLiteral("settings.ini"));
    m_window = m_console->window();
    m_window->askPassword = [](const QString &, bool *ok) {
        *ok = false;
        return QString();
    };
    m_window->show();
}

void TestMainWindow::cleanup()
{
    m_window.reset();
}

ConnectionProfile TestMainWindow::demoProfile() const
{
    return test::personProfile(QStringLiteral("oncall"));
}

qint64 TestMainWindow::expectedOrphans()
{
    // Read the ground truth on a helper thread: this thread may not query.
    qint64 count = -1;
    QThread *reader = QThread::create([&] {
        db::Session admin(ConnectionProfile::fromUri(m_demo->adminUri(QStringLiteral("billing"))),
                          QString(), db::SessionOptions());
        count = admin.query(QStringLiteral("SELECT count(*) FROM demo_truth.orphans"))
                    .rows[0][0]
                    .toLongLong();
    });
    reader->start();
    reader->wait(60000);
    delete reader;
    return count;
}

void TestMainWindow::connectsScansAndShowsOrphans()
{
    QSignalSpy scanned(m_window.get(), &MainWindow::scanFinished);
    m_window->connectTo(demoProfile(), QStringLiteral("oncall"));
    QVERIFY(scanned.wait(120000));
    QVERIFY(m_window->isConnected());
    QCOMPARE(m_window->banner()->environmentName(), QStringLiteral("DEMO"));
    QVERIFY(m_window->banner()->styleSheet().contains(QStringLiteral("#1565c0")));
    QVERIFY(m_window->banner()->text().contains(QStringLiteral("oncall")));
    QVERIFY(m_window->banner()->text().contains(QStringLiteral("read-only")));

    // Every detector ran; the most severe come first, the largest sums
    // first among them; the orphans are one of them.
    FindingsPanel *panel = m_window->findingsPanel();
    QVERIFY(panel->count() >= 10);
    for (int row = 1; row < panel->count(); ++row)
        QVERIFY(panel->findingAt(row - 1).severity >= panel->findingAt(row).severity);
    QVERIFY(panel->progressText().contains(QStringLiteral("orphans done (1)")));
    QVERIFY(panel->progressText().contains(QStringLiteral("streams done")));
    const int orphans = panel->rowOf(QStringLiteral("orphans"));
    QVERIFY(orphans >= 0);
    const Finding finding = panel->findingAt(orphans);
    QCOMPARE(finding.rowCount, expectedOrphans());
    QCOMPARE(finding.severity, Severity::High);
    panel->select(orphans);

    // The selected finding's rows arrive lazily in the table.
    QueryTableModel *rows = m_window->rowsModel();
    QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0, 30000);
    QVERIFY(rows->columnNames().contains(QStringLiteral("reason")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->activityBar()->isBusy(), 30000);
    // The demo comes with the payops schema installed: nothing to warn about.
    QVERIFY2(m_window->lastMessage().isEmpty(), qPrintable(m_window->lastMessage()));
}

void TestMainWindow::saysWhatToRunWhenThePayopsSchemaIsMissing()
{
    // billing_backup is a plain restore: no payops schema in it.
    ConnectionProfile backup = demoProfile();
    backup.database = QStringLiteral("billing_backup");
    QSignalSpy scanned(m_window.get(), &MainWindow::scanFinished);
    m_window->connectTo(backup, QStringLiteral("oncall"));
    QVERIFY(scanned.wait(120000));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->lastMessage().contains(QStringLiteral("payops migrate --db URI")), 10000);
    QVERIFY(m_window->lastMessage().contains(QStringLiteral("version 0")));
}

void TestMainWindow::cancelStopsALongQueryAndTheWindowStaysResponsive()
{
    QSignalSpy connected(m_window.get(), &MainWindow::connected);
    m_window->connectTo(demoProfile(), QStringLiteral("oncall"));
    QVERIFY(connected.wait(60000));
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->activityBar()->isBusy(), 60000);

    m_window->runReadOnlyQuery(QStringLiteral("SELECT pg_sleep(60) AS slept"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->activityBar()->isBusy(), 5000);
    QVERIFY(m_window->activityBar()->cancelButton()->isEnabled());

    // The event loop keeps turning while the query runs: a timer keeps firing.
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start(20);
    QTest::qWait(300);
    QVERIFY2(ticks >= 5, "the GUI thread was blocked while a query ran");

    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(m_window->activityBar()->cancelButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->activityBar()->isBusy(), 5000);
    QVERIFY2(clock.elapsed() < 3000, "cancel took longer than 3 s");

    // The connection is still usable afterwards.
    m_window->runReadOnlyQuery(QStringLiteral("SELECT 42 AS answer"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->rowsModel()->rowCount(), 1, 10000);
    QCOMPARE(m_window->rowsModel()->rawValue(0, 0), QStringLiteral("42"));
}

void TestMainWindow::wrongPasswordIsRefusedWithAClearMessage()
{
    QSignalSpy failed(m_window.get(), &MainWindow::connectionFailed);
    m_window->connectTo(demoProfile(), QStringLiteral("not-the-password"));
    QVERIFY(failed.wait(30000));
    QVERIFY(!m_window->isConnected());
    QVERIFY2(m_window->lastMessage().contains(QStringLiteral("refused the password")),
             qPrintable(m_window->lastMessage()));
    QCOMPARE(m_window->banner()->text(), QStringLiteral("Not connected"));
    QCOMPARE(m_window->findingsPanel()->count(), 0);
}

void TestMainWindow::asksForThePasswordWhenTheKeychainHasNone()
{
    QStringList questions;
    m_window->askPassword = [&questions](const QString &question, bool *ok) {
        questions << question;
        *ok = true;
        return QStringLiteral("oncall");
    };
    QSignalSpy connected(m_window.get(), &MainWindow::connected);
    m_window->connectToProfile(demoProfile());
    QVERIFY(connected.wait(60000));
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.first().contains(QStringLiteral("oncall")));
}

void TestMainWindow::showsTheSqlBehindAFinding()
{
    QSignalSpy scanned(m_window.get(), &MainWindow::scanFinished);
    m_window->connectTo(demoProfile(), QStringLiteral("oncall"));
    QVERIFY(scanned.wait(120000));
    selectOrphans();
    auto *button =
        m_window->detailView()->findChild<QPushButton *>(QStringLiteral("showSqlButton"));
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    auto *dialog = m_window->findChild<SqlDialog *>(QStringLiteral("sqlDialog"));
    QVERIFY(dialog && dialog->isVisible());
    const QString sql =
        dialog->findChild<QPlainTextEdit *>(QStringLiteral("sqlText"))->toPlainText();
    QVERIFY(sql.contains(QStringLiteral("FROM \"public\".\"payments\" AS c")));
    QVERIFY(sql.contains(QStringLiteral("GROUPING SETS")));
    dialog->close();
}

void TestMainWindow::exportsTheRowsAsCsv()
{
    const QString path = m_console->filePath(QStringLiteral("orphans.csv"));
    QString suggested;
    m_window->askExportPath = [path, &suggested](const QString &name) {
        suggested = name;
        return path;
    };
    QSignalSpy scanned(m_window.get(), &MainWindow::scanFinished);
    m_window->connectTo(demoProfile(), QStringLiteral("oncall"));
    QVERIFY(scanned.wait(120000));
    selectOrphans();
    // Sorted on screen by amount, largest first: the file keeps that order.
    QueryTableModel *rows = m_window->rowsModel();
    QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0 && !rows->isLoading(), 30000);
    const int amount = int(rows->columnNames().indexOf(QStringLiteral("amount_minor")));
    m_window->detailView()->table()->sortByColumn(amount, Qt::DescendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0 && !rows->isLoading(), 30000);
    const QString largest = rows->rawValue(0, amount);
    const QString currency =
        rows->rawValue(0, int(rows->columnNames().indexOf(QStringLiteral("currency"))));
    QSignalSpy exported(m_window.get(), &MainWindow::exportFinished);
    QTest::mouseClick(
        m_window->detailView()->findChild<QPushButton *>(QStringLiteral("exportButton")),
        Qt::LeftButton);
    QVERIFY(exported.wait(60000));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    // Header, one line per orphan, and the empty piece after the last CRLF.
    QCOMPARE(qint64(lines.size()) - 2, expectedOrphans());
    // Amounts as decimals of their currency, under a header that does not
    // say minor units; the file named after the finding.
    QVERIFY2(lines.first().startsWith("row_key,user_id,amount,currency,at,order_id,reason"),
             lines.first().constData());
    QVERIFY2(suggested.endsWith(QStringLiteral(".csv")) &&
                 suggested != QStringLiteral("payops-rows.csv") &&
                 suggested.contains(QStringLiteral("payment")),
             qPrintable(suggested));
    const QList<QByteArray> first = lines.at(1).split(',');
    const QString decimal = Money{largest.toLongLong(), currency}.toDecimalString();
    QCOMPARE(QString::fromUtf8(first.at(2)), decimal);
    QCOMPARE(exported.first().at(1).toLongLong(), expectedOrphans());
}

void TestMainWindow::filterNarrowsTheRows()
{
    QSignalSpy scanned(m_window.get(), &MainWindow::scanFinished);
    m_window->connectTo(demoProfile(), QStringLiteral("oncall"));
    QVERIFY(scanned.wait(120000));
    selectOrphans();
    QueryTableModel *rows = m_window->rowsModel();
    QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0 && !rows->isLoading() &&
                                 rows->columnNames().contains(QStringLiteral("reason")),
                             30000);
    m_window->detailView()->filterEdit()->setText(QStringLiteral("account_missing"));
    QTRY_VERIFY_WITH_TIMEOUT(
        rows->filterText() == QStringLiteral("account_missing") && !rows->isLoading(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0 && !rows->isLoading(), 10000);
    const int reason = int(rows->columnNames().indexOf(QStringLiteral("reason")));
    for (int r = 0; r < rows->rowCount(); ++r)
        QCOMPARE(rows->rawValue(r, reason), QStringLiteral("account_missing"));
}

void TestMainWindow::aBrokenSchemaProfileConnectsNothing()
{
    const QString path = m_console->filePath(QStringLiteral("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ \"format\": 1, \"tables\": ");
    file.close();
    ConnectionProfile profile = demoProfile();
    profile.schemaProfile = path;
    QSignalSpy failed(m_window.get(), &MainWindow::connectionFailed);
    QSignalSpy connected(m_window.get(), &MainWindow::connected);
    m_window->connectTo(profile, QStringLiteral("oncall"));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(m_window->lastMessage().contains(QStringLiteral("is not valid JSON")),
             qPrintable(m_window->lastMessage()));
    QVERIFY(!m_window->isConnected());
    QTest::qWait(300);
    QCOMPARE(connected.count(), 0);
    QCOMPARE(m_window->findingsPanel()->count(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
