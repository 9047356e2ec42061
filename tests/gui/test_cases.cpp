// Cases as the on-call engineer uses them: open one from a finding (frozen
// as evidence), add a note, see the timeline and the audit chain's status.
// A support agent (viewer) cannot open one.
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "items/query_table_model.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/cases_panel.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace payops;

class TestCases : public QObject
{
    Q_OBJECT

    std::unique_ptr<demo::DemoCluster> m_demo;
    test::ConsoleFixture m_console;
    QString m_orphans;

    std::unique_ptr<MainWindow> scannedWindowAs(const QString &user)
    {
        auto window = m_console.scannedWindow(test::personProfile(user), user);
        // Cases here are opened from the orphans finding.
        FindingsPanel *panel = window->findingsPanel();
        panel->select(panel->rowOf(QStringLiteral("orphans")));
        return window;
    }

    static bool timelineHas(QueryTableModel *timeline, const QString &what,
                            const QString &detailPart)
    {
        for (int r = 0; r < timeline->rowCount(); ++r)
            if (timeline->rawValue(r, 2) == what && timeline->rawValue(r, 3).contains(detailPart))
                return true;
        return false;
    }

private slots:
    void initTestCase()
    {
        const QString dir = qEnvironmentVariable("PAYOPS_DEMO_DIR");
        QVERIFY2(!dir.isEmpty(), "PAYOPS_DEMO_DIR is not set: run through ctest");
        m_demo = std::make_unique<demo::DemoCluster>(dir);
        db::Session admin(ConnectionProfile::fromUri(m_demo->adminUri(QStringLiteral("billing"))),
                          QString(), db::SessionOptions());
        m_orphans =
            admin.query(QStringLiteral("SELECT count(*) FROM demo_truth.orphans")).rows[0][0];
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void openACaseFromAFindingAndAddANote()
    {
        auto window = scannedWindowAs(QStringLiteral("oncall"));
        QSignalSpy opened(window.get(), &MainWindow::caseOpened);
        QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("openCaseButton")),
                          Qt::LeftButton);
        QVERIFY(opened.wait(60000));
        const qint64 caseId = opened[0][0].toLongLong();
        QVERIFY(caseId > 0);
        CasesPanel *cases = window->casesPanel();
        QTRY_COMPARE_WITH_TIMEOUT(cases->selectedCase(), caseId, 20000);
        QueryTableModel *timeline = window->timelineModel();
        // The finding is frozen with every affected row as evidence.
        QTRY_VERIFY_WITH_TIMEOUT(timelineHas(timeline, QStringLiteral("finding"),
                                             QStringLiteral("(%1 rows frozen)").arg(m_orphans)),
                                 20000);
        QVERIFY(timelineHas(timeline, QStringLiteral("case.create"), QString()));
        QTRY_VERIFY_WITH_TIMEOUT(cases->chainStatus()->text().contains(QStringLiteral("intact")),
                                 20000);

        auto *note = window->findChild<QLineEdit *>(QStringLiteral("caseNote"));
        note->setText(QStringLiteral("Called the acquirer; reversals start Monday."));
        QTest::keyClick(note, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(
            timelineHas(timeline, QStringLiteral("note"), QStringLiteral("reversals start Monday")),
            20000);
    }

    void aViewerCannotOpenACase()
    {
        auto window = scannedWindowAs(QStringLiteral("support"));
        QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("openCaseButton")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            window->lastMessage().startsWith(QStringLiteral("Could not open a case")), 30000);
        QVERIFY2(window->lastMessage().contains(QStringLiteral("create_case")),
                 qPrintable(window->lastMessage()));
    }
};

QTEST_MAIN(TestCases)
#include "test_cases.moc"
