// The guided restore as the three demo people meet it, on a copy of the
// drill database (never on billing, which the other tests read): oncall
// (operator) plans from the sync job's deletions finding and submits to a
// case; finance (approver) approves in the review, seeing the rows and the
// money; oncall executes (pausing once, resuming) and verifies; the case's
// timeline holds every step. Support (viewer) cannot start any of it and
// is told why. With PAYOPS_WIZARD_SHOTS set, each page is also saved as a
// picture of the screen (run under Xvfb with QT_QPA_PLATFORM=xcb).
#include "core/money.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "items/query_table_model.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/batch_review_dialog.h"
#include "widgets/cases_panel.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"
#include "widgets/restore/dry_run_page.h"
#include "widgets/restore/execute_page.h"
#include "widgets/restore/plan_page.h"
#include "widgets/restore/restore_start.h"
#include "widgets/restore/restore_wizard.h"
#include "widgets/restore/rows_table_model.h"
#include "widgets/restore/select_page.h"
#include "widgets/restore/submit_page.h"
#include "widgets/restore/verify_page.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThread>

using namespace payops;

class TestRestoreWizard : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    QString m_database; // this test's own copy of billing_drill
    QVector<BackupSource> m_backups;
    QElapsedTimer m_clock;

    ConnectionProfile person(const QString &user) const
    {
        ConnectionProfile profile = test::personProfile(user, m_database);
        profile.backups = m_backups;
        return profile;
    }

    // Database work of the test itself runs off the GUI thread.
    template <typename Work> static void offThread(Work work)
    {
        QThread *thread = QThread::create(work);
        thread->start();
        if (!thread->wait(120000))
            qFatal("the test's own database work did not end");
        delete thread;
    }

    static std::unique_ptr<db::Session> admin(const QString &database)
    {
        db::SessionOptions options;
        options.readOnly = false;
        options.purpose = QStringLiteral("test set-up");
        return std::make_unique<db::Session>(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(database)), QString(), options);
    }

    static int syncJobFinding(MainWindow &window)
    {
        FindingsPanel *panel = window.findingsPanel();
        for (int r = 0; r < panel->count(); ++r)
            if (panel->findingAt(r).kind == u"leak" &&
                panel->findingAt(r).dimension == u"actor = sync-job")
                return r;
        return -1;
    }

    static bool timelineHas(QueryTableModel *timeline, const QString &what,
                            const QString &detailPart = {})
    {
        for (int r = 0; r < timeline->rowCount(); ++r)
            if (timeline->rawValue(r, 4) == what && timeline->rawValue(r, 3).contains(detailPart))
                return true;
        return false;
    }

    static QString cell(const RowsTableModel *model, int row, int column)
    {
        return model->rows().value(row).value(column);
    }

    static int rowWith(const RowsTableModel *model, int column, const QString &text)
    {
        for (int r = 0; r < model->rowCount(); ++r)
            if (cell(model, r, column) == text)
                return r;
        return -1;
    }

    // A picture of the real window, when asked for (PAYOPS_WIZARD_SHOTS).
    void shot(QWidget *window, const QString &name)
    {
        const QString dir = qEnvironmentVariable("PAYOPS_WIZARD_SHOTS");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        window->raise();
        window->activateWindow();
        QTest::qWait(400); // let the window manager-less X server paint it
        const QPixmap picture = QGuiApplication::platformName() == u"xcb"
                                    ? window->screen()->grabWindow(0)
                                    : window->grab();
        QVERIFY(picture.save(QDir(dir).filePath(name + QStringLiteral(".png"))));
    }

    static void showLarge(QWidget *window)
    {
        window->move(0, 0);
        window->resize(1600, 1000);
        window->show();
    }

private slots:
    void initTestCase()
    {
        m_clock.start();
        m_database = QStringLiteral("restore_gui_%1").arg(QCoreApplication::applicationPid());
        for (const BackupSource &backup : test::demoCluster().backups())
            if (!backup.isArchive())
                m_backups << backup; // billing_backup: no archive to restore first
        QVERIFY(!m_backups.isEmpty());
        // A template must have no other session: another test may be
        // rehearsing on the drill database for a moment.
        QString failure;
        for (int attempt = 0; attempt < 40; ++attempt) {
            failure = test::errorOf([&] {
                admin(QStringLiteral("postgres"))
                    ->executeScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill")
                                        .arg(db::quoteIdent(m_database)));
            });
            if (failure.isEmpty())
                break;
            QThread::msleep(500);
        }
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        qInfo("copy of billing_drill made in %lld ms", m_clock.restart());
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void cleanupTestCase()
    {
        const QString database = m_database;
        offThread([database] {
            admin(QStringLiteral("postgres"))
                ->executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                    .arg(db::quoteIdent(database)));
        });
    }

    void supportCannotStartARestore()
    {
        auto window =
            m_console.scannedWindow(person(QStringLiteral("support")), QStringLiteral("support"));
        QTRY_COMPARE_WITH_TIMEOUT(window->consoleRole(), QStringLiteral("support"), 20000);
        const int row = syncJobFinding(*window);
        QVERIFY(row >= 0);
        window->findingsPanel()->select(row);
        const QString why = QStringLiteral("Restores are built by an operator (payops grant "
                                           "operator); you are signed in as support staff.");
        QPushButton *restore = window->detailView()->restoreButton();
        QVERIFY(!restore->isEnabled());
        QCOMPARE(restore->toolTip(), why);
        QVERIFY(!window->casesPanel()->restoreButton()->isEnabled());
        QCOMPARE(window->casesPanel()->restoreButton()->toolTip(), why);
        auto *action = window->findChild<QAction *>(QStringLiteral("restoreAction"));
        QVERIFY(action && !action->isEnabled());
        QCOMPARE(action->toolTip(), why);
        // Asked anyway (a shortcut, a script): refused, with the reason shown.
        RestoreStart start;
        start.finding = window->findingsPanel()->findingAt(row);
        QVERIFY(!window->openRestoreWizard(start));
        QCOMPARE(window->lastMessage(), why);
        QVERIFY(!window->findChild<RestoreWizard *>());
        qInfo("support refused in %lld ms", m_clock.restart());
    }

    void oncallRestoresFinanceApprovesOncallVerifies()
    {
        auto oncall =
            m_console.scannedWindow(person(QStringLiteral("oncall")), QStringLiteral("oncall"));
        QTRY_COMPARE_WITH_TIMEOUT(oncall->consoleRole(), QStringLiteral("operator"), 20000);
        const int row = syncJobFinding(*oncall);
        QVERIFY2(row >= 0, "no sync-job deletions finding");
        oncall->findingsPanel()->select(row);
        QPushButton *restore = oncall->detailView()->restoreButton();
        QVERIFY(restore->isEnabled());
        QTest::mouseClick(restore, Qt::LeftButton);
        auto *wizard = oncall->findChild<RestoreWizard *>();
        QVERIFY(wizard);
        showLarge(wizard);

        // 1. What to put back: the finding's 312 accounts, preselected.
        SelectPage *select = wizard->selectPage();
        QTRY_COMPARE_WITH_TIMEOUT(select->chosenUsers().size(), 312, 30000);
        QCOMPARE(select->usersStatus()->text(),
                 QStringLiteral("312 accounts chosen: what they lost is put back."));
        QVERIFY(select->isComplete());
        shot(wizard, QStringLiteral("1-select"));
        qInfo("accounts of the finding read in %lld ms", m_clock.restart());

        // 2. The plan: 312 accounts put back first, money per currency.
        QSignalSpy planShown(wizard->planPage(), &PlanPage::planShown);
        wizard->next();
        QVERIFY2(planShown.wait(180000), qPrintable(wizard->planPage()->status()->text()));
        qInfo("planned in %lld ms", m_clock.restart());
        const restore::RestorePlan plan = wizard->plan();
        PlanPage *planPage = wizard->planPage();
        QCOMPARE(plan.users.size(), 312);
        QVERIFY2(planPage->summary()->text().contains(QStringLiteral("312 users")),
                 qPrintable(planPage->summary()->text()));
        const RowsTableModel *perTable = planPage->perTable();
        QCOMPARE(cell(perTable, 0, 1), QStringLiteral("accounts")); // parents first
        QCOMPARE(cell(perTable, 0, 2), QStringLiteral("312"));
        QVERIFY(rowWith(perTable, 1, QStringLiteral("service_accounts")) > 0);
        QSet<QString> accountKeys;
        qint64 inserts = 0;
        for (const restore::PlanItem &item : plan.items) {
            if (item.kind == restore::PlanItem::Kind::Insert)
                ++inserts;
            if (item.table.endsWith(QStringLiteral("\"accounts\"")))
                accountKeys.insert(QString::number(QJsonDocument::fromJson(item.key.toUtf8())
                                                       .object()
                                                       .value(QStringLiteral("id"))
                                                       .toVariant()
                                                       .toLongLong()));
        }
        QCOMPARE(accountKeys.size(), 312);
        const qint64 updates = plan.items.size() - inserts;
        // Counts as people read them, with thousands separators.
        if (updates >= 1000)
            QVERIFY(planPage->summary()->text().contains(formatCount(updates)));
        QVERIFY(planPage->money()->rowCount() > 0);
        for (int r = 0; r < planPage->money()->rowCount(); ++r)
            QVERIFY2(cell(planPage->money(), r, 1).endsWith(cell(planPage->money(), r, 0)),
                     qPrintable(cell(planPage->money(), r, 1)));
        QVERIFY(planPage->unresolved()->rowCount() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(planPage->caseChoice()->count() > 0, 20000);
        QVERIFY(planPage->caseChoice()->currentText().startsWith(
            QStringLiteral("A new case opened from the finding")));
        QVERIFY(planPage->description()->toPlainText().contains(QStringLiteral("312 users")));
        shot(wizard, QStringLiteral("2-plan"));

        // 3. Drafted into a new case; the database's own dry run.
        QSignalSpy dryRunShown(wizard->dryRunPage(), &DryRunPage::dryRunShown);
        wizard->next();
        QVERIFY(dryRunShown.wait(180000));
        qInfo("drafted and dry-run in %lld ms", m_clock.restart());
        QCOMPARE(wizard->currentId(), int(RestoreWizard::DryRun));
        const qint64 batchId = wizard->batchId();
        const qint64 caseId = wizard->caseId();
        QVERIFY(batchId > 0 && caseId > 0);
        const auto &effects = wizard->dryRunPage()->perEffect();
        QCOMPARE(effects.value(QStringLiteral("put back")), inserts);
        QCOMPARE(effects.value(QStringLiteral("values put back")), updates);
        QVERIFY2(wizard->dryRunPage()->counts()->text().contains(formatCount(plan.items.size())),
                 qPrintable(wizard->dryRunPage()->counts()->text()));
        QCOMPARE(wizard->dryRunPage()->items()->rowCount(), int(plan.items.size()));
        shot(wizard, QStringLiteral("3-dry-run"));

        // 4. Submitted: in the approvals queue, waiting for someone else.
        SubmitPage *submit = wizard->submitPage();
        QSignalSpy reviewShown(submit, &SubmitPage::reviewShown);
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(submit->submitButton()->isEnabled(), 20000);
        QVERIFY(!submit->isComplete());
        reviewShown.clear();
        QTest::mouseClick(submit->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(submit->review().state, QStringLiteral("submitted"), 30000);
        QVERIFY(submit->state()->text().contains(QStringLiteral("Approvals queue")));
        QVERIFY(!submit->isComplete()); // only once someone else approved it
        shot(wizard, QStringLiteral("4-submit"));
        qInfo("submitted in %lld ms", m_clock.restart());

        // 5. finance reviews: the rows, the money and the conflicts described.
        auto finance =
            m_console.connectedWindow(person(QStringLiteral("finance")), QStringLiteral("finance"));
        finance->askPassword = [](const QString &, bool *ok) {
            *ok = true;
            return QStringLiteral("finance");
        };
        QueryTableModel *queue = finance->approvalsModel();
        QTRY_VERIFY_WITH_TIMEOUT(!queue->isLoading() && queue->rowCount() > 0, 30000);
        bool queued = false;
        for (int r = 0; r < queue->rowCount(); ++r)
            queued = queued || queue->rawValue(r, 0).toLongLong() == batchId;
        QVERIFY2(queued, "the submitted restore is not in finance's approvals queue");
        BatchReviewDialog *review = finance->reviewBatch(batchId);
        QSignalSpy loaded(review, &BatchReviewDialog::loaded);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(review->review().itemCount, qint64(plan.items.size()));
        QCOMPARE(review->review().kind, QStringLiteral("restore"));
        const QString description = review->review().description;
        QVERIFY2(description.contains(QStringLiteral("312 users")) &&
                     description.contains(QStringLiteral("conflicts left alone")) &&
                     description.contains(plan.money.toDisplayString()),
                 qPrintable(description));
        auto *items = review->findChild<QTableView *>(QStringLiteral("reviewItems"));
        QVERIFY(items);
        QTRY_VERIFY_WITH_TIMEOUT(items->model()->rowCount() > 0, 30000);
        QCOMPARE(items->model()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Table"));
        QCOMPARE(items->model()->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Row"));
        showLarge(review);
        shot(review, QStringLiteral("7-review"));
        QSignalSpy decided(review, &BatchReviewDialog::decided);
        QTest::mouseClick(review->findChild<QPushButton *>(QStringLiteral("approveButton")),
                          Qt::LeftButton);
        QVERIFY(decided.wait(30000));
        QVERIFY2(decided[0][1].toBool(), qPrintable(review->outcome()));
        qInfo("finance approved in %lld ms", m_clock.restart());

        // 6. oncall sees the approval and executes: pauses once, resumes.
        QTest::mouseClick(submit->checkButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(submit->review().state, QStringLiteral("approved"), 30000);
        QVERIFY(submit->isComplete());
        ExecutePage *execute = wizard->executePage();
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(execute->executeButton()->isEnabled(), 30000);
        QCOMPARE(execute->executeButton()->text(), QStringLiteral("Execute"));
        QVERIFY(!execute->environmentEdit()->isVisible()); // demo, not production
        QSignalSpy ended(execute, &ExecutePage::executionEnded);
        QTest::mouseClick(execute->executeButton(), Qt::LeftButton);
        // The counts per state arrive after every chunk: pause after the first.
        QTRY_VERIFY_WITH_TIMEOUT(execute->lastCounts().applied > 0, 60000);
        QTest::mouseClick(execute->pauseButton(), Qt::LeftButton);
        QVERIFY(!ended.isEmpty() || ended.wait(120000));
        QCOMPARE(ended[0][0].toString(), QStringLiteral("executing")); // paused
        QVERIFY(execute->lastCounts().pending > 0);
        QVERIFY(execute->state()->text().startsWith(QStringLiteral("Paused.")));
        QCOMPARE(execute->executeButton()->text(), QStringLiteral("Resume"));
        QVERIFY(!wizard->executePage()->isComplete());
        const qint64 appliedAtPause = execute->lastCounts().applied;
        QTest::mouseClick(execute->executeButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 2, 300000);
        QCOMPARE(ended[1][0].toString(), QStringLiteral("done"));
        QCOMPARE(execute->lastCounts().applied, qint64(plan.items.size()));
        QVERIFY(execute->lastCounts().applied > appliedAtPause);
        QVERIFY(execute->isComplete());
        shot(wizard, QStringLiteral("5-execute"));
        qInfo("executed in %lld ms", m_clock.restart());

        // 7. Verified against the backup, and written to the case.
        VerifyPage *verify = wizard->verifyPage();
        QSignalSpy verified(verify, &VerifyPage::verifiedShown);
        wizard->next();
        QVERIFY(verified.wait(180000));
        QVERIFY(verified[0][0].toBool());
        QVERIFY(verify->report().holds());
        QCOMPARE(verify->verdict()->text(),
                 QStringLiteral("All %1 rows the restore wrote now equal the backup.")
                     .arg(formatCount(plan.items.size())));
        QCOMPARE(verify->recorded()->text(),
                 QStringLiteral("Written to case %1's timeline.").arg(caseId));
        shot(wizard, QStringLiteral("6-verify"));
        qInfo("verified in %lld ms", m_clock.restart());

        // The case's timeline holds every step, as the cases panel shows it.
        oncall->casesPanel()->refresh(caseId);
        QTRY_COMPARE_WITH_TIMEOUT(oncall->casesPanel()->selectedCase(), caseId, 20000);
        QueryTableModel *timeline = oncall->timelineModel();
        QTRY_VERIFY_WITH_TIMEOUT(
            timelineHas(timeline, QStringLiteral("note"), QStringLiteral("Verified batch")), 30000);
        for (const char *step : {"finding", "batch.create", "batch.submit", "batch.approve",
                                 "batch.execute", "batch.done"})
            QVERIFY2(timelineHas(timeline, QLatin1String(step)), step);
        QVERIFY(timelineHas(timeline, QStringLiteral("note"),
                            QStringLiteral("All %1 rows").arg(formatCount(plan.items.size()))));

        // What a user would check last: the 312 accounts are back in the copy.
        qint64 back = 0;
        const QString database = m_database;
        const QStringList ids = accountKeys.values();
        offThread([&back, database, ids] {
            back = admin(database)
                       ->query(QStringLiteral("SELECT count(*) FROM public.accounts WHERE id = "
                                              "ANY(string_to_array($1, ',')::bigint[])"),
                               {ids.join(QLatin1Char(','))})
                       .rows[0][0]
                       .toLongLong();
        });
        QCOMPARE(back, qint64(312));

        // Opened again from the case, the wizard resumes where the batch is.
        wizard->close();
        QTRY_VERIFY(!oncall->findChild<RestoreWizard *>());
        QTest::mouseClick(oncall->casesPanel()->restoreButton(), Qt::LeftButton);
        auto *again = oncall->findChild<RestoreWizard *>();
        QVERIFY(again);
        QSignalSpy resumed(again, &RestoreWizard::resumed);
        QVERIFY(resumed.wait(30000));
        QCOMPARE(resumed[0][0].toInt(), int(RestoreWizard::Verify));
        QCOMPARE(again->batchId(), batchId);
        qInfo("resumed from the case in %lld ms", m_clock.restart());
    }
};

QTEST_MAIN(TestRestoreWizard)
#include "test_restore_wizard.moc"
