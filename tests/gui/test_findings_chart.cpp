// What the operator sees of a scan's anomalies: the chart of a stream with
// its baseline band and anomalous hours, the rows of one clicked bucket,
// and the affected users of a finding (offscreen, on the demo).
#include "items/query_table_model.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/anomaly_chart_view.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QDateTimeAxis>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QValueAxis>
#include <QWheelEvent>

using namespace payops;

class TestFindingsChart : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    std::unique_ptr<MainWindow> m_window;

    int rowWhere(const std::function<bool(const Finding &)> &match) const
    {
        FindingsPanel *panel = m_window->findingsPanel();
        for (int row = 0; row < panel->count(); ++row)
            if (match(panel->findingAt(row)))
                return row;
        return -1;
    }

private slots:
    void aSeriesIsDrawnWithItsAnomalies()
    {
        Finding f;
        const QDateTime start(QDate(2026, 4, 18), QTime(0, 0), QTimeZone::utc());
        for (int h = 0; h < 100; ++h)
            f.series.append({start.addSecs(h * 3600), h >= 50 && h < 53 ? 5000.0 : 10.0, 10, 4, 30,
                             h >= 50 && h < 53});
        AnomalyChartView chart;
        chart.setFinding(f);
        QVERIFY(!chart.isHidden());
        QCOMPARE(chart.eventPointCount(), 100);
        QCOMPARE(chart.anomalousPointCount(), 3);
        chart.setFinding(Finding());
        QVERIFY(chart.isHidden());
        QCOMPARE(chart.eventPointCount(), 0);
    }

    void theWheelZoomsTimeAndADoubleClickShowsItAll()
    {
        Finding f;
        const QDateTime start(QDate(2026, 4, 18), QTime(0, 0), QTimeZone::utc());
        for (int h = 0; h < 100; ++h)
            f.series.append({start.addSecs(h * 3600), 10, 10, 4, 30, false});
        AnomalyChartView chart;
        chart.resize(800, 300);
        chart.setFinding(f);
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const auto xAxis =
            qobject_cast<QDateTimeAxis *>(chart.chart()->axes(Qt::Horizontal).value(0));
        const auto yAxis = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).value(0));
        QVERIFY(xAxis && yAxis);
        const auto span = [&] {
            return xAxis->min().secsTo(xAxis->max());
        };
        const qint64 full = span();
        const qreal top = yAxis->max();

        const QPoint centre = chart.viewport()->rect().center();
        QWheelEvent wheel(centre, chart.viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(chart.viewport(), &wheel);
        QVERIFY(span() < full * 0.9);
        QCOMPARE(yAxis->max(), top); // counts keep their scale

        QTest::mouseDClick(chart.viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(span(), full);
    }

    void initTestCase()
    {
        QVERIFY2(test::demoCluster().isRunning(), "the demo fixture is not running");
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
        m_window = m_console.window(test::ConsoleFixture::Show::Yes);
        QSignalSpy scanned(m_window.get(), &MainWindow::scanFinished);
        m_window->connectTo(test::personProfile(QStringLiteral("oncall")),
                            QStringLiteral("oncall"));
        QVERIFY(scanned.wait(120000));
    }

    void theMostSevereAndLargestComeFirst()
    {
        FindingsPanel *panel = m_window->findingsPanel();
        QCOMPARE(panel->findingAt(0).severity, Severity::High);
        // Every detector ended, and the line says so.
        const QString progress = panel->progressText();
        QVERIFY2(progress.startsWith(QStringLiteral("Detectors: ")), qPrintable(progress));
        QVERIFY2(progress.contains(QStringLiteral("done (")), qPrintable(progress));
        QVERIFY2(!progress.contains(QStringLiteral("running")) &&
                     !progress.contains(QStringLiteral("waiting")),
                 qPrintable(progress));
        // Among the high ones, more money at stake first.
        for (int row = 1; row < panel->count() && panel->findingAt(row).severity == Severity::High;
             ++row)
            QVERIFY(stakeRank(panel->findingAt(row - 1).totals) >=
                    stakeRank(panel->findingAt(row).totals));
    }

    void aBurstShowsItsChartAndAClickedHourItsRows()
    {
        const int row = rowWhere([](const Finding &f) {
            return f.title.startsWith(QStringLiteral("Burst of")) &&
                   f.title.contains(QStringLiteral("refunds"));
        });
        QVERIFY(row >= 0);
        m_window->findingsPanel()->select(row);
        AnomalyChartView *chart = m_window->detailView()->chart();
        QVERIFY(chart->isVisible());
        QVERIFY(chart->anomalousPointCount() >= 1);
        QVERIFY(chart->eventPointCount() > chart->anomalousPointCount());

        // The hour of 11:00 holds most of the staging refunds.
        QueryTableModel *rows = m_window->rowsModel();
        QTRY_VERIFY_WITH_TIMEOUT(!rows->isLoading() && rows->rowCount() > 0, 30000);
        emit chart->bucketClicked(QDateTime(QDate(2026, 4, 18), QTime(11, 0), QTimeZone::utc()),
                                  3600);
        QTRY_VERIFY_WITH_TIMEOUT(
            !rows->isLoading() &&
                m_window->detailView()->currentSql().contains(QStringLiteral("r.at >=")),
            30000);
        const int at = int(rows->columnNames().indexOf(QStringLiteral("at")));
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 100, 30000);
        for (int r = 0; r < rows->rowCount(); ++r)
            QVERIFY(rows->rawValue(r, at).startsWith(QStringLiteral("2026-04-18 11:")));
    }

    void aFindingListsItsAffectedUsers()
    {
        const int row = rowWhere(
            [](const Finding &f) { return f.title.contains(QStringLiteral("users paid twice")); });
        QVERIFY(row >= 0);
        m_window->findingsPanel()->select(row);
        QVERIFY(m_window->detailView()->chart()->isHidden()); // no series for a duplicate
        QPushButton *users = m_window->detailView()->usersButton();
        QVERIFY(users->isEnabled());
        QTest::mouseClick(users, Qt::LeftButton);
        QueryTableModel *rows = m_window->rowsModel();
        QTRY_VERIFY_WITH_TIMEOUT(
            !rows->isLoading() && rows->columnNames().contains(QStringLiteral("email")), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(rows->rowCount(), 70, 30000);
        // Back to the rows.
        QTest::mouseClick(m_window->detailView()->rowsButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!rows->isLoading() &&
                                     rows->columnNames().contains(QStringLiteral("repeats_key")),
                                 30000);
    }

    void cancelStopsEveryDetector()
    {
        QSignalSpy finished(m_window.get(), &MainWindow::scanFinished);
        m_window->startScan();
        m_window->cancelAll();
        QVERIFY(finished.wait(30000));
        FindingsPanel *panel = m_window->findingsPanel();
        // Nothing is left running or waiting; what had not finished says so.
        QVERIFY2(!panel->progressText().contains(QStringLiteral("running")) &&
                     !panel->progressText().contains(QStringLiteral("waiting")),
                 qPrintable(panel->progressText()));
        QVERIFY2(panel->progressText().contains(QStringLiteral("cancelled")) ||
                     panel->progressText().isEmpty(),
                 qPrintable(panel->progressText()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->rowsModel()->isLoading(), 10000);
        // And the next scan runs in full.
        m_window->startScan();
        QVERIFY(finished.wait(120000));
        QVERIFY(panel->count() >= 10);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestFindingsChart)
#include "test_findings_chart.moc"
