// Cases as the on-call engineer uses them: open one from a finding (frozen
// as evidence), add a note, see the timeline and the audit chain's status;
// pressing Open case again on the same finding offers the case that holds
// it, marked, and shows it instead of opening a second one; another
// finding of the incident goes onto that same case. A support agent
// (viewer) cannot open one.
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "items/query_table_model.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/case_choice_dialog.h"
#include "widgets/cases_panel.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
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
        return timelineCount(timeline, what, detailPart) > 0;
    }
    static int timelineCount(QueryTableModel *timeline, const QString &what,
                             const QString &detailPart)
    {
        int n = 0;
        for (int r = 0; r < timeline->rowCount(); ++r)
            n += timeline->rawValue(r, 4) == what && timeline->rawValue(r, 3).contains(detailPart);
        return n;
    }
    // Presses Open case… and waits for the dialog to list the cases; nullptr
    // when none does within 30 s.
    static CaseChoiceDialog *pressOpenCase(MainWindow &window)
    {
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("openCaseButton")),
                          Qt::LeftButton);
        // The one showing: an earlier, answered one may wait for deletion.
        const auto showing = [&window]() -> CaseChoiceDialog * {
            for (CaseChoiceDialog *d : window.findChildren<CaseChoiceDialog *>())
                if (d->isVisible() && d->list()->count() > 0 && d->chooseButton()->isEnabled())
                    return d;
            return nullptr;
        };
        if (!QTest::qWaitFor([&] { return showing() != nullptr; }, 30000))
            return nullptr;
        return showing(); // nullptr: the caller's QVERIFY fails
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
        CaseChoiceDialog *dialog = pressOpenCase(*window);
        QVERIFY(dialog);
        // A new case is the first choice (the demo's cases outlive a run).
        dialog->list()->setCurrentRow(0);
        // A second one when an earlier run's case holds the finding already.
        QVERIFY2(dialog->chooseButton()->text() == u"Open a new case" ||
                     dialog->chooseButton()->text() == u"Open a second case for it",
                 qPrintable(dialog->chooseButton()->text()));
        QTest::mouseClick(dialog->chooseButton(), Qt::LeftButton);
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
        QVERIFY(note->text().isEmpty()); // written, so the field is free for the next

        // Each event once, in words: no audit copy (case.note), no JSON.
        QTRY_VERIFY_WITH_TIMEOUT(!timeline->isLoading(), 20000);
        QCOMPARE(timelineCount(timeline, QStringLiteral("note"), QString()), 1);
        QCOMPARE(timelineCount(timeline, QStringLiteral("finding"), QString()), 1);
        for (int r = 0; r < timeline->rowCount(); ++r) {
            const QString what = timeline->rawValue(r, 2), detail = timeline->rawValue(r, 3);
            QVERIFY2(!timeline->rawValue(r, 4).startsWith(QStringLiteral("case.")) ||
                         timeline->rawValue(r, 4) == u"case.create",
                     qPrintable(timeline->rawValue(r, 4)));
            QVERIFY2(!detail.contains(u'{') && !detail.contains(QStringLiteral("\":")),
                     qPrintable(detail));
            QVERIFY2(!what.contains(u'.') && what.front().isUpper(), qPrintable(what));
        }
        QVERIFY(timelineHas(timeline, QStringLiteral("note"), QString()));
        for (int r = 0; r < timeline->rowCount(); ++r)
            if (timeline->rawValue(r, 4) == u"note")
                QCOMPARE(timeline->rawValue(r, 2), QStringLiteral("Note"));
        // The cases panel shows the words, not the machine name.
        QVERIFY(
            window->findChild<QTableView *>(QStringLiteral("timelineTable"))->isColumnHidden(4));

        // A note the database refuses (longer than 20,000 characters) is
        // not lost: the text stays in the field to be shortened.
        const QString tooLong(20001, u'x');
        note->setText(tooLong);
        window->casesPanel()->addNoteButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            window->lastMessage().startsWith(QStringLiteral("Could not add a note")), 20000);
        QCOMPARE(note->text(), tooLong);
    }

    void openCaseAgainShowsTheCaseAndAnotherFindingJoinsIt()
    {
        auto window = scannedWindowAs(QStringLiteral("oncall"));
        QSignalSpy opened(window.get(), &MainWindow::caseOpened);
        QSignalSpy attached(window.get(), &MainWindow::findingAttached);
        CaseChoiceDialog *first = pressOpenCase(*window);
        QVERIFY(first);
        first->list()->setCurrentRow(0);
        QTest::mouseClick(first->chooseButton(), Qt::LeftButton);
        QVERIFY(opened.wait(60000));
        const qint64 caseId = opened[0][0].toLongLong();

        // Pressed again on the same finding: its case is offered, marked,
        // and choosing it shows it; nothing new is opened or attached.
        CaseChoiceDialog *again = pressOpenCase(*window);
        QVERIFY(again);
        const int row = again->rowOfCase(caseId);
        QVERIFY(row > 0);
        QCOMPARE(again->list()->currentRow(), row);
        QVERIFY2(again->list()->item(row)->text().contains(QStringLiteral("holds this finding")),
                 qPrintable(again->list()->item(row)->text()));
        QVERIFY(
            again->summary()->text().contains(QStringLiteral("already in case %1").arg(caseId)));
        QCOMPARE(again->chooseButton()->text(), QStringLiteral("Show case %1").arg(caseId));
        // A second case only when asked for in so many words.
        again->list()->setCurrentRow(0);
        QCOMPARE(again->chooseButton()->text(), QStringLiteral("Open a second case for it"));
        again->list()->setCurrentRow(row);
        QTest::mouseClick(again->chooseButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window->casesPanel()->selectedCase(), caseId, 20000);
        QVERIFY(window->lastMessage().contains(QStringLiteral("already in case %1").arg(caseId)));
        QueryTableModel *timeline = window->timelineModel();
        QTRY_COMPARE_WITH_TIMEOUT(timelineCount(timeline, QStringLiteral("finding"), QString()), 1,
                                  20000);
        QTest::qWait(1000);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(attached.size(), 0);

        // Another finding of the same database goes onto that case.
        FindingsPanel *panel = window->findingsPanel();
        int other = -1;
        for (int r = 0; r < panel->count() && other < 0; ++r)
            if (panel->findingAt(r).detector != u"orphans" && panel->findingAt(r).rowCount > 0)
                other = r;
        QVERIFY(other >= 0);
        const QString otherTitle = panel->findingAt(other).title;
        panel->select(other);
        QTRY_COMPARE_WITH_TIMEOUT(window->detailView()->openCaseButton()->isEnabled(), true, 10000);
        CaseChoiceDialog *join = pressOpenCase(*window);
        QVERIFY(join);
        QCOMPARE(join->finding().title, otherTitle);
        const int target = join->rowOfCase(caseId);
        QVERIFY(target > 0);
        QVERIFY(!join->list()->item(target)->text().contains(QStringLiteral("holds")));
        join->list()->setCurrentRow(target);
        QCOMPARE(join->chooseButton()->text(), QStringLiteral("Attach to case %1").arg(caseId));
        QTest::mouseClick(join->chooseButton(), Qt::LeftButton);
        QVERIFY(attached.wait(60000));
        QCOMPARE(attached[0][0].toLongLong(), caseId);
        QCOMPARE(opened.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(timelineCount(timeline, QStringLiteral("finding"), QString()), 2,
                                  20000);
    }

    // Support may put people on a roster, not open cases or write in them:
    // those buttons are disabled and say why, naming the role it takes.
    void supportSeesWhatItMayNotDoDisabledWithTheReason()
    {
        auto window = scannedWindowAs(QStringLiteral("support"));
        QPushButton *open = window->detailView()->openCaseButton();
        QTRY_VERIFY_WITH_TIMEOUT(!open->isEnabled(), 20000);
        QVERIFY2(open->toolTip().contains(QStringLiteral("by an operator")) &&
                     open->toolTip().contains(QStringLiteral("you are signed in as support staff")),
                 qPrintable(open->toolTip()));
        QPushButton *addNote = window->casesPanel()->addNoteButton();
        QVERIFY(!addNote->isEnabled());
        QVERIFY(!window->casesPanel()->noteEdit()->isEnabled());
        QVERIFY2(addNote->toolTip().contains(QStringLiteral("by an operator")),
                 qPrintable(addNote->toolTip()));
        QVERIFY(!addNote->toolTip().contains(QStringLiteral("viewer")));
        // What support does: the roster.
        QVERIFY(window->detailView()->customersButton()->isEnabled());
    }

    // Finance approves; it neither opens cases nor puts people on rosters.
    void financeSeesTheRosterButtonDisabledToo()
    {
        auto window = scannedWindowAs(QStringLiteral("finance"));
        QPushButton *customers = window->detailView()->customersButton();
        QTRY_VERIFY_WITH_TIMEOUT(!customers->isEnabled(), 20000);
        QVERIFY2(customers->toolTip().contains(QStringLiteral("an approver")),
                 qPrintable(customers->toolTip()));
        QVERIFY(!window->detailView()->openCaseButton()->isEnabled());
    }
};

QTEST_MAIN(TestCases)
#include "test_cases.moc"
