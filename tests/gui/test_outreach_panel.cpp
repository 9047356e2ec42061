// The Customers panel as support and as oncall meet it, offscreen, on a
// copy of the drill database whose interest case has the 70 investors
// paid twice on its roster and their claw-back drafted (oncall's
// claw-back plan from the paid-twice finding):
//  - support lands on it: the roster shows in words and money, the
//    filter by status narrows it, a bulk "mark contacted" over a
//    selection and a status change with a note land in roster_events as
//    support, a save the database refuses keeps what was typed and shows
//    the database's reason, and the exports write their files;
//  - oncall (an operator) reads the roster, and every recording button is
//    disabled with a reason naming the payops_support role;
//  - support on a database without rosters starts on Cases;
//  - support picks the message the exports write (a built-in template for
//    everyone instead of each person's default) and reads one person's
//    message before exporting: the .eml written says what the preview said;
//  - support puts incident 1's deleted customers on a case's roster from
//    the finding (Customers…), their contact details from the connection's
//    backup: the backup's names and e-mails, marked as from that backup.
// With PAYOPS_OUTREACH_SHOTS set to a folder, the window at 1600x1000 is
// saved there as outreach-*.png.
#include "core/money.h"
#include "support/cli_run.h"
#include "support/console_fixture.h"
#include "support/csv_read.h"
#include "support/drill_copy.h"
#include "support/eml_read.h"
#include "support/test_demo.h"
#include "widgets/cases_panel.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"
#include "widgets/outreach/outreach_panel.h"
#include "widgets/outreach/person_page.h"
#include "widgets/outreach/roster_filter.h"
#include "widgets/outreach/roster_from_finding_dialog.h"
#include "widgets/outreach/roster_table_model.h"
#include "widgets/outreach/status_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QToolButton>

#include <algorithm>

using namespace payops;

class TestOutreachPanel : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    std::unique_ptr<test::DrillCopy> m_copy;
    qint64 m_case = 0;
    qint64 m_deletedCase = 0;
    QVector<BackupSource> m_backups;
    QMap<QString, QStringList> m_backupRow; // deleted account -> name, e-mail in the backup
    QMap<QString, qint64> m_duplicate;      // per account, the demo's own record
    QMap<QString, qint64> m_recoverable;
    QTemporaryDir m_dir;

    // Database work of the test itself runs off the GUI thread.
    QString sql(const QString &statement) const
    {
        QString value;
        QThread *thread = QThread::create([&] { value = m_copy->value(statement); });
        thread->start();
        if (!thread->wait(60000))
            qFatal("the test's own query did not end");
        delete thread;
        return value;
    }

    ConnectionProfile person(const QString &who) const
    {
        return test::personProfile(who, m_copy->database());
    }

    static void shot(QWidget *window, const QString &name)
    {
        const QString dir = qEnvironmentVariable("PAYOPS_OUTREACH_SHOTS");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QTest::qWait(300);
        QVERIFY(
            window->grab().save(QDir(dir).filePath(QStringLiteral("outreach-%1.png").arg(name))));
    }

    static QStringList victimIds()
    {
        QStringList ids;
        for (const QJsonValue &v : test::manifest()[QStringLiteral("incidents")][QStringLiteral(
                 "account_deletions")][QStringLiteral("users")]
                                       .toArray())
            ids << QString::number(v.toInteger());
        return ids;
    }

    static QTabWidget *tabsOf(MainWindow &window)
    {
        return window.findChild<QTabWidget *>(QStringLiteral("leftTabs"));
    }

    static void selectRows(OutreachPanel *panel, int first, int last)
    {
        QTableView *table = panel->table();
        table->clearSelection();
        for (int r = first; r <= last; ++r)
            table->selectionModel()->select(panel->filterModel()->index(r, 0),
                                            QItemSelectionModel::Select |
                                                QItemSelectionModel::Rows);
    }

private slots:
    void initTestCase()
    {
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("outreach_gui"));
        // The case, its roster and its claw-back as oncall makes them from
        // the paid-twice finding: the 70 investors, with what the demo
        // recorded of each.
        const auto cli = [this](const QString &who, QStringList arguments) {
            return test::runCli(arguments << QStringLiteral("--db") << m_copy->uri(who));
        };
        QString rows;
        for (const QJsonValue &f :
             QJsonDocument::fromJson(
                 cli(QStringLiteral("oncall"),
                     {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json")})
                     .out)
                 .object()[QStringLiteral("findings")]
                 .toArray())
            if (f[QStringLiteral("title")].toString().contains(QStringLiteral("users paid twice")))
                rows = f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        QVERIFY2(!rows.isEmpty(), "no paid-twice finding");
        m_case = QString::fromUtf8(
                     cli(QStringLiteral("oncall"),
                         {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--title"),
                          QStringLiteral("Interest paid twice")})
                         .out)
                     .trimmed()
                     .section(u'=', 1)
                     .toLongLong();
        QVERIFY(m_case > 0);
        const test::CliRun planned =
            cli(QStringLiteral("oncall"),
                {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("claw-back"),
                 QStringLiteral("--payouts-of-rows"),
                 QStringLiteral("SELECT f.row_key AS payout FROM (\n%1\n) AS f").arg(rows),
                 QStringLiteral("--case"), QString::number(m_case), QStringLiteral("--format"),
                 QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        QCOMPARE(QJsonDocument::fromJson(planned.out).object()[QStringLiteral("rostered")].toInt(),
                 70);
        const QString truth = m_copy->value(QStringLiteral(
            "SELECT string_agg(account_id || ' ' || duplicate_minor || ' ' || recoverable_minor, "
            "',') FROM demo_truth.clawback"));
        for (const QString &row : truth.split(u',')) {
            const QStringList f = row.split(u' ');
            m_duplicate.insert(f[0], f[1].toLongLong());
            m_recoverable.insert(f[0], f[2].toLongLong());
        }
        QCOMPARE(m_duplicate.size(), 70);
        // Incident 1's case, empty, and the backup's rows of its victims.
        m_deletedCase = QString::fromUtf8(cli(QStringLiteral("oncall"),
                                              {QStringLiteral("case"), QStringLiteral("open"),
                                               QStringLiteral("--title"),
                                               QStringLiteral("Accounts deleted by the sync job")})
                                              .out)
                            .trimmed()
                            .section(u'=', 1)
                            .toLongLong();
        QVERIFY(m_deletedCase > 0);
        m_backups = test::demoCluster().backups();
        const QString victims = test::adminValue(QStringLiteral(
            "SELECT string_agg(id || chr(9) || display_name || chr(9) || email, chr(10)) FROM "
            "accounts WHERE id IN (SELECT (jsonb_array_elements_text(demo_truth.manifest() -> "
            "'incidents' -> 'account_deletions' -> 'users'))::bigint)"));
        const QStringList ids = victims.split(u'\n');
        const QString backup = test::adminValue(
            QStringLiteral("SELECT string_agg(id || chr(9) || display_name || chr(9) || email, "
                           "chr(10)) FROM accounts WHERE id = ANY ('{%1}'::bigint[])")
                .arg(victimIds().join(u',')),
            QStringLiteral("billing_backup"));
        for (const QString &line : backup.split(u'\n'))
            m_backupRow.insert(line.section(u'\t', 0, 0), line.split(u'\t').mid(1));
        QCOMPARE(m_backupRow.size(), 312);
        QVERIFY2(victims.isEmpty(), "live still holds deleted accounts");
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void supportLivesOnTheRoster()
    {
        auto window =
            m_console.connectedWindow(person(QStringLiteral("support")), QStringLiteral("support"),
                                      test::ConsoleFixture::Show::Yes);
        window->resize(1600, 1000);
        OutreachPanel *panel = window->outreachPanel();
        // The start screen: the Customers tab, on the case with a roster.
        QTRY_VERIFY_WITH_TIMEOUT(tabsOf(*window)->currentWidget() == panel, 30000);
        QCOMPARE(tabsOf(*window)->tabText(tabsOf(*window)->currentIndex()),
                 QStringLiteral("Customers"));
        QTRY_COMPARE_WITH_TIMEOUT(panel->rosterModel()->rowCount(), 70, 30000);
        QCOMPARE(panel->currentCase(), m_case);
        QVERIFY(panel->caseBox()->currentText().contains(
            QStringLiteral("70 people, 70 not contacted")));
        QVERIFY(panel->mayRecord());

        // What a person reads: words and money, sorted by account as numbers.
        RosterTableModel *model = panel->rosterModel();
        RosterFilter *filter = panel->filterModel();
        QStringList headers;
        for (int c = 0; c < model->columnCount(); ++c)
            headers << model->headerData(c, Qt::Horizontal).toString();
        QCOMPARE(headers, (QStringList{"Account", "Name", "E-mail", "Phone", "Status", "Assignee",
                                       "Next step (UTC)", "Amount"}));
        for (int r = 0; r < filter->rowCount(); ++r) {
            const QString account = filter->index(r, 0).data().toString();
            QCOMPARE(filter->index(r, RosterTableModel::Status).data().toString(),
                     QStringLiteral("Not contacted"));
            QCOMPARE(filter->index(r, RosterTableModel::Amount).data().toString(),
                     (Money{m_duplicate.value(account), QStringLiteral("CNY")}.toDisplayString()));
            QVERIFY(filter->index(r, RosterTableModel::Email).data().toString().contains(u'@'));
            if (r > 0)
                QVERIFY(filter->index(r - 1, 0).data().toString().toLongLong() <
                        account.toLongLong());
        }
        QCOMPARE(panel->chart()->counts().value(QStringLiteral("not_contacted")), 70);
        panel->table()->sortByColumn(RosterTableModel::Amount, Qt::DescendingOrder);
        const qint64 most = *std::max_element(m_duplicate.cbegin(), m_duplicate.cend());
        QCOMPARE(filter->index(0, RosterTableModel::Amount).data().toString(),
                 (Money{most, QStringLiteral("CNY")}.toDisplayString()));
        panel->table()->sortByColumn(RosterTableModel::Account, Qt::AscendingOrder);
        shot(window.get(), QStringLiteral("support-start"));

        // The filter by status: nobody is contacted yet.
        QComboBox *status = panel->statusFilter();
        status->setCurrentIndex(status->findData(QStringLiteral("contacted")));
        QCOMPARE(filter->rowCount(), 0);
        status->setCurrentIndex(0);
        QCOMPARE(filter->rowCount(), 70);

        // Bulk over a selection: three marked contacted.
        QSignalSpy recorded(panel, &OutreachPanel::recorded);
        QVERIFY(!panel->markContactedButton()->isEnabled());
        selectRows(panel, 0, 2);
        const QStringList three = {filter->index(0, 0).data().toString(),
                                   filter->index(1, 0).data().toString(),
                                   filter->index(2, 0).data().toString()};
        QTRY_VERIFY(panel->markContactedButton()->isEnabled());
        QTest::mouseClick(panel->markContactedButton(), Qt::LeftButton);
        QVERIFY(recorded.wait(30000));
        QTRY_COMPARE_WITH_TIMEOUT(panel->chart()->counts().value(QStringLiteral("contacted")), 3,
                                  20000);
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(account, ',' ORDER BY account::bigint) "
                                    "FROM payops.roster_events WHERE case_id = %1 AND kind = "
                                    "'status' AND status = 'contacted' AND created_by = 'support'")
                         .arg(m_case)),
                 three.join(u','));
        status->setCurrentIndex(status->findData(QStringLiteral("contacted")));
        QCOMPARE(filter->rowCount(), 3);
        QCOMPARE(status->currentText(), QStringLiteral("Contacted (3)"));

        // One person's page: agreed, with a note.
        panel->table()->setCurrentIndex(filter->index(0, 0));
        PersonPage *page = panel->personPage();
        QCOMPARE(page->account(), three[0]);
        QTRY_COMPARE_WITH_TIMEOUT(page->historyTable()->rowCount(), 2, 20000); // added, contacted
        page->statusBox()->setCurrentIndex(page->statusBox()->findData(QStringLiteral("agreed")));
        page->noteEdit()->setPlainText(QStringLiteral("Called; agrees to the claw-back."));
        QVERIFY(page->saveButton()->isEnabled());
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QVERIFY(recorded.wait(30000));
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(kind || ':' || coalesce(status, note), "
                                    "'|' ORDER BY id) FROM payops.roster_events WHERE case_id = "
                                    "%1 AND account = '%2' AND created_by = 'support'")
                         .arg(m_case)
                         .arg(three[0])),
                 QStringLiteral("status:contacted|status:agreed|note:Called; agrees to the "
                                "claw-back."));
        QCOMPARE(page->noteEdit()->toPlainText(), QString()); // saved: the note is in history
        QTRY_COMPARE_WITH_TIMEOUT(page->historyTable()->rowCount(), 4, 20000);
        QCOMPARE(page->historyTable()->item(3, 2)->text(),
                 QStringLiteral("Note: Called; agrees to the claw-back."));
        QCOMPARE(page->historyTable()->item(2, 2)->text(), QStringLiteral("Status: Agreed"));
        QCOMPARE(page->historyTable()->item(2, 1)->text(), QStringLiteral("support"));
        // Their claw-back item: what the balance still holds, held for their
        // agreement once the batch runs (a draft here: not run yet).
        QTableWidget *items = page->itemsTable();
        QVERIFY(items->rowCount() >= 1);
        QVERIFY2(items->item(0, 0)->text().startsWith(QStringLiteral("claw-back batch ")),
                 qPrintable(items->item(0, 0)->text()));
        QCOMPARE(items->item(0, 2)->text(),
                 (Money{m_recoverable.value(three[0]), QStringLiteral("CNY")}.toDisplayString()));
        QCOMPARE(items->item(0, 3)->text(), QStringLiteral("not run yet"));

        // A save the database refuses keeps what was typed and says why.
        QSignalSpy failed(panel, &OutreachPanel::recordFailed);
        page->assigneeBox()->setCurrentText(QStringLiteral("no_such_person"));
        page->noteEdit()->setPlainText(QStringLiteral("keep this text"));
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QVERIFY(failed.wait(30000));
        QCOMPARE(page->noteEdit()->toPlainText(), QStringLiteral("keep this text"));
        QCOMPARE(page->assigneeBox()->currentText(), QStringLiteral("no_such_person"));
        QVERIFY(page->saveError()->isVisible());
        // The database's reason in words; the whole message in the tooltip.
        QCOMPARE(page->saveError()->text(),
                 QStringLiteral("Not saved: There is no database user no_such_person."));
        QVERIFY2(page->saveError()->toolTip().contains(QStringLiteral("SQLSTATE 22023")),
                 qPrintable(page->saveError()->toolTip()));
        QVERIFY(page->saveButton()->isEnabled());
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM payops.roster_events WHERE case_id = %1 "
                                    "AND note = 'keep this text'")
                         .arg(m_case)),
                 QStringLiteral("0"));
        page->assigneeBox()->setCurrentText(QString());
        page->noteEdit()->clear();

        // The exports of the people shown: the two still contacted, then everyone.
        QCOMPARE(filter->rowCount(), 2);
        QSignalSpy exported(panel, &OutreachPanel::exported);
        const QString emlDir = m_dir.filePath(QStringLiteral("eml"));
        panel->askFolder = [&](const QString &) {
            return emlDir;
        };
        QMenu *menu = panel->exportButton()->menu();
        QCOMPARE(menu->actions().size(), 3);
        menu->actions().at(1)->trigger(); // one .eml a person
        QVERIFY(exported.wait(30000));
        QCOMPARE(QDir(emlDir).entryList({QStringLiteral("*.eml")}, QDir::Files).size(), 2);
        QVERIFY(QFile::exists(
            QDir(emlDir).filePath(QStringLiteral("case-%1-%2.eml").arg(m_case).arg(three[1]))));
        status->setCurrentIndex(0);
        const QString csvDir = m_dir.filePath(QStringLiteral("csv"));
        panel->askFolder = [&](const QString &) {
            return csvDir;
        };
        menu->actions().at(0)->trigger();
        QVERIFY(exported.wait(30000));
        QFile csv(QDir(csvDir).filePath(QStringLiteral("case-%1-mail-merge.csv").arg(m_case)));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QVector<QStringList> rows = test::readCsv(QString::fromUtf8(csv.readAll()));
        QCOMPARE(rows.size(), 71);
        QVERIFY2(panel->message()->text().contains(QStringLiteral("for 70 people of case")),
                 qPrintable(panel->message()->text()));

        // Bulk assignment, and the page of the person picked for the picture.
        selectRows(panel, 3, 9);
        panel->bulkAssignee()->setCurrentText(QStringLiteral("support"));
        QTest::mouseClick(panel->assignButton(), Qt::LeftButton);
        QVERIFY(recorded.wait(30000));
        QTRY_COMPARE_WITH_TIMEOUT(model->assignees(), QStringList{QStringLiteral("support")},
                                  20000);
        QComboBox *assignee = panel->assigneeFilter();
        assignee->setCurrentIndex(assignee->findData(QStringLiteral("support")));
        QCOMPARE(filter->rowCount(), 7);
        assignee->setCurrentIndex(assignee->findData(RosterFilter::nobody()));
        QCOMPARE(filter->rowCount(), 63);
        assignee->setCurrentIndex(0);

        // A next step with its date, on the person's page.
        panel->table()->setCurrentIndex(filter->index(0, 0));
        QCOMPARE(page->account(), three[0]);
        page->nextStepEdit()->setText(QStringLiteral("Send the written explanation"));
        page->datedBox()->setChecked(true);
        page->nextStepAtEdit()->setDateTime(QDateTime(QDate(2030, 1, 2), QTime(10, 0), Qt::UTC));
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QVERIFY(recorded.wait(30000));
        QCOMPARE(sql(QStringLiteral("SELECT next_step || ' ' || to_char(next_step_at AT TIME ZONE "
                                    "'UTC', 'YYYY-MM-DD HH24:MI') FROM payops.roster_people WHERE "
                                    "case_id = %1 AND account = '%2'")
                         .arg(m_case)
                         .arg(three[0])),
                 QStringLiteral("Send the written explanation 2030-01-02 10:00"));
        QTRY_COMPARE_WITH_TIMEOUT(filter->index(0, RosterTableModel::NextStep).data().toString(),
                                  QStringLiteral("2 Jan 2030 10:00 · Send the written explanation"),
                                  20000);
        QTRY_COMPARE_WITH_TIMEOUT(page->historyTable()->rowCount(), 5, 20000);
        QCOMPARE(page->historyTable()->item(4, 2)->text(),
                 QStringLiteral("Next step: Send the written explanation (2 Jan 2030 10:00 UTC)"));
        // Everything fits a 1600x1000 screen: the window did not have to grow.
        QCOMPARE(window->minimumSizeHint().height() <= 1000, true);
        QCOMPARE(window->size(), QSize(1600, 1000));
        shot(window.get(), QStringLiteral("support-person"));
    }

    void supportPicksTheMessageAndReadsItFirst()
    {
        auto window =
            m_console.connectedWindow(person(QStringLiteral("support")), QStringLiteral("support"),
                                      test::ConsoleFixture::Show::Yes);
        window->resize(1600, 1000);
        OutreachPanel *panel = window->outreachPanel();
        QTRY_VERIFY_WITH_TIMEOUT(tabsOf(*window)->currentWidget() == panel, 30000);
        panel->caseBox()->setCurrentIndex(panel->caseBox()->findData(m_case));
        QTRY_COMPARE_WITH_TIMEOUT(panel->rosterModel()->rowCount(), 70, 30000);
        RosterFilter *filter = panel->filterModel();
        panel->table()->setCurrentIndex(filter->index(4, 0));
        const QString account = filter->index(4, RosterTableModel::Account).data().toString();
        const QString name = filter->index(4, RosterTableModel::Name).data().toString();
        const QString amount =
            Money{m_duplicate.value(account), QStringLiteral("CNY")}.toDisplayString();
        // Each person's default first: for these investors, the claw-back request.
        QCOMPARE(panel->templateBox()->currentIndex(), 0);
        QVERIFY2(panel->previewTitle()->text().contains(name) &&
                     panel->previewTitle()->text().contains(account),
                 qPrintable(panel->previewTitle()->text()));
        QVERIFY2(panel->preview()->toPlainText().contains(
                     QStringLiteral("Subject: Interest of %1 was paid to you twice").arg(amount)),
                 qPrintable(panel->preview()->toPlainText()));
        // One message for everyone: the plain notice.
        const int notice =
            panel->templateBox()->findText(QStringLiteral("Notice of a billing error"));
        QVERIFY(notice > 0);
        panel->templateBox()->setCurrentIndex(notice);
        const QString preview = panel->preview()->toPlainText();
        QVERIFY2(preview.contains(
                     QStringLiteral("Subject: About an error on your account %1\n").arg(account)),
                 qPrintable(preview));
        QVERIFY(!preview.contains(QStringLiteral("paid to you twice")));
        QVERIFY(
            panel->previewTitle()->text().contains(QStringLiteral("notice of a billing error")));

        // The export writes what the preview said.
        QSignalSpy exported(panel, &OutreachPanel::exported);
        const QString dir = m_dir.filePath(QStringLiteral("notice"));
        panel->askFolder = [&](const QString &) {
            return dir;
        };
        panel->exportButton()->menu()->actions().at(1)->trigger();
        QVERIFY(exported.wait(30000));
        QFile file(QDir(dir).filePath(QStringLiteral("case-%1-%2.eml").arg(m_case).arg(account)));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const test::ParsedEml eml = test::parseEml(file.readAll());
        QCOMPARE(test::decodeHeader(eml.header("Subject")),
                 QStringLiteral("About an error on your account %1").arg(account));
        const QString body = QString::fromUtf8(test::decodeQuotedPrintable(eml.body));
        const QString previewBody = preview.section(QStringLiteral("\n\n"), 1)
                                        .section(QStringLiteral("\n\n— On the phone"), 0, 0);
        QCOMPARE(body.trimmed().replace(QStringLiteral("\r\n"), QStringLiteral("\n")),
                 previewBody.trimmed());
        shot(window.get(), QStringLiteral("support-preview"));
    }

    void supportRostersTheDeletedWithTheBackupsContacts()
    {
        ConnectionProfile profile = person(QStringLiteral("support"));
        profile.backups = m_backups;
        auto window = m_console.scannedWindow(profile, QStringLiteral("support"),
                                              test::ConsoleFixture::Show::Yes);
        window->resize(1600, 1000);
        FindingsPanel *findings = window->findingsPanel();
        int row = -1;
        for (int r = 0; r < findings->count() && row < 0; ++r)
            if (findings->findingAt(r).title.contains(QStringLiteral("account deletions")) &&
                findings->findingAt(r).title.contains(QStringLiteral("sync-job")))
                row = r;
        QVERIFY(row >= 0);
        findings->select(row);
        QPushButton *customers = window->detailView()->customersButton();
        QTRY_VERIFY_WITH_TIMEOUT(customers->isEnabled(), 10000);
        QTest::mouseClick(customers, Qt::LeftButton);
        RosterFromFindingDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window->findChild<RosterFromFindingDialog *>()) &&
                                     dialog->addButton()->isEnabled(),
                                 30000);
        const int caseRow = dialog->caseBox()->findData(m_deletedCase);
        QVERIFY(caseRow >= 0);
        dialog->caseBox()->setCurrentIndex(caseRow);
        // The connection's first backup is offered for the deleted accounts.
        QVERIFY(dialog->backupBox()->currentText().startsWith(QStringLiteral("billing_backup")));
        OutreachPanel *panel = window->outreachPanel();
        QSignalSpy added(panel, &OutreachPanel::peopleAdded);
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QVERIFY2(added.wait(120000), qPrintable(dialog->message()->text()));
        QCOMPARE(added[0][1].toInt(), 312);
        QVERIFY2(dialog->message()->text().contains(
                     QStringLiteral("312 with contact details from backup billing_backup")),
                 qPrintable(dialog->message()->text()));

        // The roster: everyone with the backup's name and e-mail, marked.
        tabsOf(*window)->setCurrentWidget(panel);
        QTRY_COMPARE_WITH_TIMEOUT(panel->currentCase(), m_deletedCase, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->rosterModel()->rowCount(), 312, 30000);
        RosterFilter *filter = panel->filterModel();
        for (int r = 0; r < filter->rowCount(); ++r) {
            const QString account = filter->index(r, RosterTableModel::Account).data().toString();
            QVERIFY2(m_backupRow.contains(account), qPrintable(account));
            QCOMPARE(filter->index(r, RosterTableModel::Name).data().toString(),
                     m_backupRow[account].value(0));
            QCOMPARE(filter->index(r, RosterTableModel::Email).data().toString(),
                     m_backupRow[account].value(1));
            QVERIFY(filter->index(r, RosterTableModel::Email)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(QStringLiteral("Contact details from backup billing_backup of "
                                                 "10 April 2026")));
        }
        panel->table()->setCurrentIndex(filter->index(0, 0));
        auto *facts = panel->personPage()->findChild<QLabel *>(QStringLiteral("personFacts"));
        QVERIFY(facts);
        QTRY_VERIFY_WITH_TIMEOUT(
            facts->text().contains(QStringLiteral("Contact details from backup billing_backup")),
            10000);
        shot(window.get(), QStringLiteral("support-deleted"));
    }

    void oncallReadsButCannotRecord()
    {
        auto window =
            m_console.connectedWindow(person(QStringLiteral("oncall")), QStringLiteral("oncall"),
                                      test::ConsoleFixture::Show::Yes);
        window->resize(1600, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(window->consoleRole(), QStringLiteral("operator"), 20000);
        OutreachPanel *panel = window->outreachPanel();
        QVERIFY(tabsOf(*window)->currentWidget() != panel); // an operator starts on findings
        tabsOf(*window)->setCurrentWidget(panel);
        // Two cases have rosters by now: oncall reads the interest case's.
        QTRY_VERIFY_WITH_TIMEOUT(panel->rosterCases().size() >= 2, 30000);
        panel->showCase(m_case);
        QTRY_COMPARE_WITH_TIMEOUT(panel->currentCase(), m_case, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->rosterModel()->rowCount(), 70, 30000);
        QVERIFY(!panel->mayRecord());
        const QString why = QStringLiteral(
            "Recording outreach needs the payops_support role, which oncall does not hold (a "
            "database owner grants it: payops grant support oncall).");
        panel->table()->setCurrentIndex(panel->filterModel()->index(0, 0));
        selectRows(panel, 0, 1);
        PersonPage *page = panel->personPage();
        QVERIFY(!page->account().isEmpty());
        QVERIFY(!page->saveButton()->isEnabled());
        QCOMPARE(page->saveButton()->toolTip(), why);
        QCOMPARE(page->statusBox()->toolTip(), why);
        QVERIFY(!page->statusBox()->isEnabled() && !page->noteEdit()->isEnabled());
        QVERIFY(page->refusalLabel()->isVisible());
        QCOMPARE(page->refusalLabel()->text(), why);
        for (QPushButton *button : {panel->markContactedButton(), panel->assignButton()}) {
            QVERIFY(!button->isEnabled());
            QCOMPARE(button->toolTip(), why);
        }
        // Reading and exporting stay open to them.
        QVERIFY(panel->exportButton()->isEnabled());
        shot(window.get(), QStringLiteral("oncall"));
    }

    void supportWithoutARosterStartsOnCases()
    {
        // billing itself: the tests rehearse repairs on copies, never there.
        auto window = m_console.connectedWindow(test::personProfile(QStringLiteral("support")),
                                                QStringLiteral("support"));
        QTRY_VERIFY_WITH_TIMEOUT(tabsOf(*window)->currentWidget() == window->casesPanel(), 30000);
        QVERIFY(window->outreachPanel()->rosterCases().isEmpty());
    }

    void cleanupTestCase()
    {
        QThread *thread = QThread::create([this] { m_copy.reset(); });
        thread->start();
        thread->wait(60000);
        delete thread;
    }
};

QTEST_MAIN(TestOutreachPanel)
#include "test_outreach_panel.moc"
