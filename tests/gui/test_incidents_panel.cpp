// The on-call engineer's Incidents tab after a scan of the demo: the wrong
// customer charges, seen by three findings, are one incident headed by the
// 475 charges and 73,271.36 USD; picking it shows exactly those rows, and
// "Open case with all its findings" opens one case holding the headline and
// every finding of it (offscreen).
#include "items/query_table_model.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/incidents_panel.h"
#include "widgets/main_window.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

#include <future>

using namespace payops;

class TestIncidentsPanel : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    std::unique_ptr<MainWindow> m_window;

    // The GUI thread may not reach the database (the fixture aborts): the
    // check reads on a thread of its own.
    static QString valueOffThread(const QString &sql)
    {
        return std::async(std::launch::async, [sql] { return test::adminValue(sql); }).get();
    }

    int wrongChargesRow() const
    {
        IncidentsPanel *panel = m_window->incidentsPanel();
        for (int row = 0; row < panel->count(); ++row)
            for (const Finding &f : panel->incidentAt(row).evidence)
                if (f.title.contains(QStringLiteral("charges on closed accounts")))
                    return row;
        return -1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(test::demoCluster().isRunning(), "the demo fixture is not running");
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
        m_window =
            m_console.scannedWindow(test::personProfile(QStringLiteral("oncall")),
                                    QStringLiteral("oncall"), test::ConsoleFixture::Show::Yes);
    }

    void theIncidentsTabComesBeforeTheFindings()
    {
        QTabWidget *tabs = m_window->leftTabs();
        const int incidents = tabs->indexOf(m_window->incidentsPanel());
        QVERIFY(incidents >= 0);
        QVERIFY(incidents < tabs->indexOf(m_window->findingsPanel()));
        QVERIFY2(tabs->tabText(incidents).startsWith(QStringLiteral("Incidents")),
                 qPrintable(tabs->tabText(incidents)));
    }

    void theWrongChargesAreOneIncidentOfTheirCharges()
    {
        IncidentsPanel *panel = m_window->incidentsPanel();
        QVERIFY2(panel->count() > 0, qPrintable(panel->statusText()));
        const int row = wrongChargesRow();
        QVERIFY(row >= 0);
        QTreeWidgetItem *item = panel->tree()->topLevelItem(row);
        QCOMPARE(item->text(0), QStringLiteral("HIGH"));
        QVERIFY2(item->text(1).startsWith(QStringLiteral("475 charges of 475 users")),
                 qPrintable(item->text(1)));
        QCOMPARE(item->text(2), QStringLiteral("73,271.36 USD"));
        // When the 475 charges were made, not the span of every finding of it.
        QVERIFY2(item->text(4).startsWith(QStringLiteral("2026-04-15 14:0")),
                 qPrintable(item->text(4)));
        // Its findings are under it, the headline's source marked.
        QVERIFY(item->childCount() >= 3);
        int marked = 0;
        for (int c = 0; c < item->childCount(); ++c)
            marked += item->child(c)->text(1).contains(QStringLiteral("(the headline's rows)"));
        QCOMPARE(marked, 1);
        // Fewer incidents than findings: something was grouped.
        qsizetype findings = 0;
        for (int r = 0; r < panel->count(); ++r)
            findings += panel->incidentAt(r).evidence.size();
        QVERIFY(panel->count() < findings);
        QVERIFY2(panel->statusText().contains(QStringLiteral("incidents from")),
                 qPrintable(panel->statusText()));
    }

    void pickingItShowsTheHeadlineRows()
    {
        m_window->leftTabs()->setCurrentWidget(m_window->incidentsPanel());
        m_window->incidentsPanel()->select(wrongChargesRow());
        FindingDetailView *detail = m_window->detailView();
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_window->rowsModel()->isLoading() && m_window->rowsModel()->rowCount() == 475, 30000);
        QVERIFY2(detail->rowsStatusText().contains(QStringLiteral("475")),
                 qPrintable(detail->rowsStatusText()));
        // For a person to look at (README, reviews): the tab as it is now.
        if (const QString dir = qEnvironmentVariable("PAYOPS_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(m_window->grab().save(dir + QStringLiteral("/console-incidents.png")));
    }

    void openCaseHoldsEveryFindingOfIt()
    {
        IncidentsPanel *panel = m_window->incidentsPanel();
        const detect::Incident incident = panel->incidentAt(wrongChargesRow());
        QSignalSpy opened(m_window.get(), &MainWindow::caseOpened);
        QVERIFY(panel->openCaseButton()->isEnabled());
        panel->openCaseButton()->click();
        QVERIFY(opened.wait(30000));
        const qint64 caseId = opened.first().first().toLongLong();
        // The headline first, then each finding whose rows differ from it.
        qsizetype expected = 1;
        for (const Finding &f : incident.evidence)
            expected += f.rowsSql != incident.headline.rowsSql ? 1 : 0;
        QTRY_COMPARE_WITH_TIMEOUT(
            valueOffThread(QStringLiteral("SELECT count(*) FROM payops.case_events "
                                          "WHERE case_id = %1 AND kind = 'finding'")
                               .arg(caseId)),
            QString::number(expected), 30000);
        QCOMPARE(valueOffThread(
                     QStringLiteral("SELECT title FROM payops.cases WHERE id = %1").arg(caseId)),
                 incident.title);
    }
};

QTEST_MAIN(TestIncidentsPanel)
#include "test_incidents_panel.moc"
