// The money wizards as the demo's people meet them, on a copy of the
// drill database (never on billing, which the other tests read):
//  - support (viewer) and finance (approver) cannot build a money batch
//    and are told it takes an operator;
//  - oncall (operator) refunds incident 2 from the closed-accounts finding:
//    the plan holds the 475 charges the demo's truth names, 73,271.36 USD,
//    475 accounts (exported as CSV), goes to the payment provider, the
//    database's dry run would send each, and the batch is submitted into a
//    new case; finance's review shows the money per currency, the accounts
//    and the destination, and finance approves;
//  - oncall reverses incident 3 from the non-production refunds finding:
//    the 10,000 refunds of the truth, 7,840,000.00 RUB, grouped by the
//    acquirer the charges name, handed over as the acquirer's files;
//  - a ledger refund names the refunds table's columns it needs a value for.
// With PAYOPS_WIZARD_SHOTS set, the plan and the destination pages are
// saved as pictures there (money-wizard-*.png).
#include "core/money.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "items/query_table_model.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/batch_review_dialog.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"
#include "widgets/money/destination_page.h"
#include "widgets/money/dry_run_page.h"
#include "widgets/money/money_items_model.h"
#include "widgets/money/money_start.h"
#include "widgets/money/money_wizard.h"
#include "widgets/money/next_steps_page.h"
#include "widgets/money/plan_page.h"
#include "widgets/money/select_page.h"
#include "widgets/money/submit_page.h"
#include "widgets/restore/rows_table_model.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThread>

using namespace payops;

namespace {

const QString kClosedAccounts = QStringLiteral("new subscriptions on closed accounts");
const QString kStagingRefunds = QStringLiteral("refunds issued by a non-production source");

} // namespace

class TestMoneyWizard : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    QString m_database;             // this test's own copy of billing_drill
    QSet<QString> m_wrongCharges;   // incident 2's charges, as the demo's truth names them
    QSet<QString> m_stagingRefunds; // incident 3's refunds
    std::unique_ptr<MainWindow> m_oncall;
    QElapsedTimer m_clock;

    ConnectionProfile person(const QString &user) const
    {
        return test::personProfile(user, m_database);
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

    static QSet<QString> keysOf(const QJsonValue &ids)
    {
        QSet<QString> keys;
        for (const qint64 id : test::idSet(ids))
            keys.insert(QString::number(id));
        return keys;
    }

    static int findingWith(MainWindow &window, const QString &titlePart)
    {
        FindingsPanel *panel = window.findingsPanel();
        for (int r = 0; r < panel->count(); ++r)
            if (panel->findingAt(r).title.contains(titlePart))
                return r;
        return -1;
    }

    static QString cell(const RowsTableModel *model, int row, int column)
    {
        return model->rows().value(row).value(column);
    }

    static QString cell(const QAbstractItemModel *model, int row, int column,
                        int role = Qt::DisplayRole)
    {
        return model->data(model->index(row, column), role).toString();
    }

    MainWindow &oncall()
    {
        if (!m_oncall) {
            m_oncall =
                m_console.scannedWindow(person(QStringLiteral("oncall")), QStringLiteral("oncall"));
            for (int i = 0; i < 200 && m_oncall->consoleRole() != u"operator"; ++i)
                QTest::qWait(100);
            if (m_oncall->consoleRole() != u"operator")
                qFatal("oncall is not an operator");
        }
        return *m_oncall;
    }

    // Opens the money wizard from a finding's button, as a person would.
    MoneyWizard *wizardFrom(MainWindow &window, const QString &titlePart, const QString &button)
    {
        // A wizard closed before goes with the next turn of the event loop.
        for (int i = 0; i < 50 && window.findChild<MoneyWizard *>(); ++i)
            QTest::qWait(100);
        if (window.findChild<MoneyWizard *>())
            qFatal("an earlier money wizard is still open");
        const int row = findingWith(window, titlePart);
        if (row < 0)
            qFatal("no finding of %s", qPrintable(titlePart));
        window.findingsPanel()->select(row);
        QPushButton *money = window.detailView()->moneyButton();
        if (!money->isVisibleTo(window.detailView()) || money->text() != button ||
            !money->isEnabled())
            qFatal("the finding offers \"%s\" (%s), not \"%s\"", qPrintable(money->text()),
                   money->isEnabled() ? "enabled" : "disabled", qPrintable(button));
        QTest::mouseClick(money, Qt::LeftButton);
        auto *wizard = window.findChild<MoneyWizard *>();
        if (!wizard)
            qFatal("the money wizard did not open");
        showLarge(wizard);
        return wizard;
    }

    // Plans what the select page holds; false when no plan came.
    static bool plan(MoneyWizard *wizard)
    {
        QSignalSpy shown(wizard->planPage(), &MoneyPlanPage::planShown);
        wizard->next();
        return shown.wait(180000);
    }

    // A picture of the page, when asked for (PAYOPS_WIZARD_SHOTS).
    void shot(QWidget *window, const QString &name)
    {
        const QString dir = qEnvironmentVariable("PAYOPS_WIZARD_SHOTS");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QTest::qWait(300); // let the tables lay themselves out
        const QPixmap picture = QGuiApplication::platformName() == u"xcb"
                                    ? window->screen()->grabWindow(0)
                                    : window->grab();
        QVERIFY(picture.save(QDir(dir).filePath(QStringLiteral("money-wizard-%1.png").arg(name))));
    }

    static void showLarge(QWidget *window)
    {
        window->move(0, 0);
        window->resize(1600, 1000);
        window->show();
    }

    // Every amount cell reads as money in its currency, never as minor
    // units; the cells' own numbers add up to `minor`.
    static void amountsAreMoney(const MoneyItemsModel *items, const QString &currency, qint64 minor)
    {
        qint64 sum = 0;
        for (int r = 0; r < items->rowCount(); ++r) {
            const qint64 cellMinor =
                items->data(items->index(r, MoneyItemsModel::Amount), Qt::UserRole).toLongLong();
            const QString shown = cell(items, r, MoneyItemsModel::Amount);
            QCOMPARE(shown, (Money{cellMinor, currency}.toDisplayString()));
            QVERIFY2(shown.endsWith(QLatin1Char(' ') + currency) && shown.contains(u'.'),
                     qPrintable(shown));
            sum += cellMinor;
        }
        QCOMPARE(sum, minor);
    }

private slots:
    void initTestCase()
    {
        m_clock.start();
        m_database = QStringLiteral("money_gui_%1").arg(QCoreApplication::applicationPid());
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
        const QJsonObject incidents = test::manifest()[QStringLiteral("incidents")].toObject();
        m_wrongCharges = keysOf(incidents[QStringLiteral("wrong_customer_charges")]
                                         [QStringLiteral("rows")][QStringLiteral("payments")]);
        m_stagingRefunds = keysOf(incidents[QStringLiteral("staging_refunds")]
                                           [QStringLiteral("rows")][QStringLiteral("refunds")]);
        QCOMPARE(m_wrongCharges.size(), 475);
        QCOMPARE(m_stagingRefunds.size(), 10000);
        qInfo("copy of billing_drill made in %lld ms", m_clock.restart());
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    // A failed step leaves its wizard open: the next test starts without it.
    void cleanup()
    {
        if (m_oncall)
            qDeleteAll(m_oncall->findChildren<MoneyWizard *>());
    }

    void cleanupTestCase()
    {
        m_oncall.reset();
        const QString database = m_database;
        offThread([database] {
            admin(QStringLiteral("postgres"))
                ->executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                    .arg(db::quoteIdent(database)));
        });
    }

    void supportCannotBuildAMoneyBatch()
    {
        auto window =
            m_console.scannedWindow(person(QStringLiteral("support")), QStringLiteral("support"));
        QTRY_COMPARE_WITH_TIMEOUT(window->consoleRole(), QStringLiteral("viewer"), 20000);
        const QString why = QStringLiteral("Money batches are built by an operator (payops grant "
                                           "operator); you are signed in as a viewer.");
        for (const auto &[title, button] :
             {std::pair{kClosedAccounts, QStringLiteral("Refund these charges…")},
              std::pair{kStagingRefunds, QStringLiteral("Reverse these refunds…")}}) {
            const int row = findingWith(*window, title);
            QVERIFY2(row >= 0, qPrintable(title));
            window->findingsPanel()->select(row);
            QPushButton *money = window->detailView()->moneyButton();
            QVERIFY(money->isVisibleTo(window->detailView()));
            QCOMPARE(money->text(), button);
            QVERIFY(!money->isEnabled());
            QCOMPARE(money->toolTip(), why);
        }
        auto *action = window->findChild<QAction *>(QStringLiteral("moneyAction"));
        QVERIFY(action && !action->isEnabled());
        QCOMPARE(action->toolTip(), why);
        // Asked anyway (a shortcut, a script): refused, with the reason shown.
        const int row = findingWith(*window, kClosedAccounts);
        QVERIFY(!window->openMoneyWizard(
            window->moneyStartFor(window->findingsPanel()->findingAt(row))));
        QCOMPARE(window->lastMessage(), why);
        QVERIFY(!window->findChild<MoneyWizard *>());
        // A finding no money batch repairs offers none.
        for (int r = 0; r < window->findingsPanel()->count(); ++r) {
            const Finding f = window->findingsPanel()->findingAt(r);
            if (f.kind == u"leak" && f.dimension == u"actor = sync-job") {
                window->findingsPanel()->select(r);
                QVERIFY(!window->detailView()->moneyButton()->isVisibleTo(window->detailView()));
            }
        }
        qInfo("support refused in %lld ms", m_clock.restart());
    }

    void oncallRefundsTheClosedAccountsChargesAndFinanceApproves()
    {
        MainWindow &window = oncall();
        MoneyWizard *wizard =
            wizardFrom(window, kClosedAccounts, QStringLiteral("Refund these charges…"));
        const Finding finding = *wizard->start().finding;

        // 1. The query, prefilled from the finding's rows, and the provider by default.
        MoneySelectPage *select = wizard->selectPage();
        QVERIFY(select->refundChoice()->isChecked());
        QVERIFY(!select->reversalChoice()->isEnabled()); // the finding says which
        QVERIFY(!select->ledgerBox()->isChecked());
        const QString sql = select->sqlEdit()->toPlainText();
        QVERIFY2(sql.contains(finding.rowsSql) && sql.contains(QStringLiteral("AS charge")),
                 qPrintable(sql));

        // 2. The plan: the truth's 475 charges, 73,271.36 USD, 475 accounts.
        QVERIFY2(plan(wizard), qPrintable(wizard->planPage()->status()->text()));
        qInfo("planned in %lld ms", m_clock.restart());
        const workspace::PlannedMoney &planned = wizard->planned();
        QCOMPARE(planned.plan.items.size(), 475);
        QCOMPARE(QSet<QString>(planned.keys.cbegin(), planned.keys.cend()), m_wrongCharges);
        QCOMPARE(planned.plan.totals.minorFor(QStringLiteral("USD")), qint64(7327136));
        QCOMPARE(planned.plan.totals.currencies(), QStringList{QStringLiteral("USD")});
        MoneyPlanPage *page = wizard->planPage();
        QVERIFY2(page->summary()->text().contains(
                     QStringLiteral("475 refunds of 73,271.36 USD to 475 accounts")),
                 qPrintable(page->summary()->text()));
        QCOMPARE(page->totals()->rowCount(), 1);
        QCOMPARE(cell(page->totals(), 0, 0), QStringLiteral("USD"));
        QCOMPARE(cell(page->totals(), 0, 1), QStringLiteral("475"));
        QCOMPARE(cell(page->totals(), 0, 2), QStringLiteral("73,271.36 USD"));
        QCOMPARE(page->items()->rowCount(), 475);
        QCOMPARE(page->itemsView()->model()->rowCount(), 475);
        QCOMPARE(page->items()->headerData(MoneyItemsModel::Amount, Qt::Horizontal).toString(),
                 QStringLiteral("Refundable amount"));
        amountsAreMoney(page->items(), QStringLiteral("USD"), 7327136);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(page->accounts()->rowCount(), 475);
        QCOMPARE(page->tabs()->tabText(4), QStringLiteral("Accounts (475)"));
        QCOMPARE(page->tabs()->tabText(0), QStringLiteral("Refunds (475)"));
        // Who took the money: the charges' provider column, every item in a group.
        QCOMPARE(planned.providerColumn, QStringLiteral("public.payments.provider"));
        qint64 grouped = 0;
        for (int r = 0; r < page->providers()->rowCount(); ++r)
            grouped += cell(page->providers(), r, 1).remove(u',').toLongLong();
        QCOMPARE(grouped, qint64(475));
        QVERIFY(page->isComplete());

        // The accounts, for outreach, as CSV.
        const QString csvPath = m_console.filePath(QStringLiteral("accounts.csv"));
        wizard->askExportPath = [csvPath](const QString &) {
            return csvPath;
        };
        QSignalSpy exported(page, &MoneyPlanPage::accountsExported);
        QTest::mouseClick(page->exportButton(), Qt::LeftButton);
        QCOMPARE(exported.size(), 1);
        QCOMPARE(exported[0][1].toLongLong(), qint64(475));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 476);
        QCOMPARE(lines[0], QStringLiteral("account,email,name,items,amount,currency"));
        QVERIFY2(lines[1].contains(u'@') && lines[1].endsWith(QStringLiteral(",USD")),
                 qPrintable(lines[1]));
        shot(wizard, QStringLiteral("refund-plan"));

        // 3. Where the money goes: the provider, on this demo database, a new case.
        MoneyDestinationPage *destination = wizard->destinationPage();
        QSignalSpy destinationShown(destination, &MoneyDestinationPage::destinationShown);
        wizard->next();
        QVERIFY(destinationShown.wait(30000));
        QVERIFY2(destination->destination()->text().contains(
                     QStringLiteral("To the payment provider, over HTTP")),
                 qPrintable(destination->destination()->text()));
        QVERIFY2(destination->environment()->text().contains(QStringLiteral("DEMO")) &&
                     destination->environment()->text().contains(m_database),
                 qPrintable(destination->environment()->text()));
        QVERIFY(destination->environment()->styleSheet().contains(QStringLiteral("#1565c0")));
        QVERIFY2(destination->money()->text().contains(QStringLiteral("73,271.36 USD")) &&
                     destination->money()->text().contains(QStringLiteral("475 accounts")),
                 qPrintable(destination->money()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(destination->caseChoice()->count() > 0, 20000);
        QVERIFY(destination->caseChoice()->currentText().startsWith(
            QStringLiteral("A new case opened from the finding")));
        QVERIFY(destination->description()->toPlainText().contains(
            QStringLiteral("475 refunds of 73,271.36 USD to 475 accounts")));
        QVERIFY(destination->isComplete());
        shot(wizard, QStringLiteral("refund-destination"));

        // 4. Drafted into a new case; the database's dry run would send each.
        QSignalSpy dryRunShown(wizard->dryRunPage(), &MoneyDryRunPage::dryRunShown);
        wizard->next();
        QVERIFY2(dryRunShown.wait(120000), qPrintable(destination->status()->text()));
        qInfo("drafted and dry-run in %lld ms", m_clock.restart());
        QCOMPARE(wizard->currentId(), int(MoneyWizard::DryRun));
        const qint64 batchId = wizard->batchId();
        QVERIFY(batchId > 0 && wizard->caseId() > 0);
        const auto &answers = wizard->dryRunPage()->perAnswer();
        QCOMPARE(answers.value(QStringLiteral("would send")), qint64(475));
        QCOMPARE(answers.size(), 1);
        QCOMPARE(wizard->dryRunPage()->items()->rowCount(), 475);
        const Money first{planned.plan.items[0].amountMinor, QStringLiteral("USD")};
        QCOMPARE(cell(wizard->dryRunPage()->items(), 0, 2), first.toDisplayString());
        shot(wizard, QStringLiteral("refund-dry-run"));

        // 5. Submitted: frozen, in the approvals queue.
        MoneySubmitPage *submit = wizard->submitPage();
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(submit->submitButton()->isEnabled(), 20000);
        QVERIFY(submit->batch()->text().contains(QStringLiteral("73,271.36 USD")));
        QVERIFY(!submit->isComplete());
        QTest::mouseClick(submit->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(submit->review().state, QStringLiteral("submitted"), 30000);
        QVERIFY(submit->isComplete());
        QCOMPARE(submit->review().kind, QStringLiteral("refund"));
        qInfo("submitted in %lld ms", m_clock.restart());

        // 6. What comes next: finance, then the exact command for this batch.
        MoneyNextStepsPage *next = wizard->nextStepsPage();
        QSignalSpy stateShown(next, &MoneyNextStepsPage::stateShown);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MoneyWizard::NextSteps));
        const QString command = next->command()->toPlainText();
        QVERIFY2(
            command.startsWith(QStringLiteral("PAYOPS_PROVIDER_KEY=")) &&
                command.contains(QStringLiteral("payops batch run %1 --provider ").arg(batchId)) &&
                command.contains(QStringLiteral("--provider-environment demo")) &&
                command.contains(QStringLiteral("dbname=") + m_database) &&
                !command.contains(QStringLiteral("password")),
            qPrintable(command));
        QVERIFY(stateShown.wait(20000));
        QCOMPARE(stateShown[0][0].toString(), QStringLiteral("submitted"));
        shot(wizard, QStringLiteral("refund-next-steps"));

        // 7. finance may not build one either, and reviews this one: the
        // money per currency, the accounts and where it goes.
        auto finance =
            m_console.connectedWindow(person(QStringLiteral("finance")), QStringLiteral("finance"));
        finance->askPassword = [](const QString &, bool *ok) {
            *ok = true;
            return QStringLiteral("finance");
        };
        QTRY_COMPARE_WITH_TIMEOUT(finance->consoleRole(), QStringLiteral("approver"), 20000);
        auto *action = finance->findChild<QAction *>(QStringLiteral("moneyAction"));
        QVERIFY(action && !action->isEnabled());
        QCOMPARE(action->toolTip(),
                 QStringLiteral("Money batches are built by an operator (payops grant "
                                "operator); you are signed in as an approver."));
        QueryTableModel *queue = finance->approvalsModel();
        QTRY_VERIFY_WITH_TIMEOUT(!queue->isLoading() && queue->rowCount() > 0, 30000);
        bool queued = false;
        for (int r = 0; r < queue->rowCount(); ++r)
            queued = queued || queue->rawValue(r, 0).toLongLong() == batchId;
        QVERIFY2(queued, "the submitted refunds are not in finance's approvals queue");
        BatchReviewDialog *review = finance->reviewBatch(batchId);
        QSignalSpy moneyShown(review, &BatchReviewDialog::moneyShown);
        QVERIFY(moneyShown.wait(30000));
        const QString money = review->moneyText();
        QVERIFY2(money.contains(QStringLiteral("73,271.36 USD")) &&
                     money.contains(QStringLiteral("475 accounts")) &&
                     money.contains(QStringLiteral("the payment provider: 475 refunds sent to "
                                                   "its API over HTTP")),
                 qPrintable(money));
        QVERIFY2(!money.contains(QStringLiteral("7327136")), qPrintable(money));
        QCOMPARE(review->review().itemCount, qint64(475));
        showLarge(review);
        shot(review, QStringLiteral("refund-review"));
        QSignalSpy decided(review, &BatchReviewDialog::decided);
        QTest::mouseClick(review->findChild<QPushButton *>(QStringLiteral("approveButton")),
                          Qt::LeftButton);
        QVERIFY(decided.wait(30000));
        QVERIFY2(decided[0][1].toBool(), qPrintable(review->outcome()));
        QVERIFY2(review->outcome().startsWith(QStringLiteral("Approved")),
                 qPrintable(review->outcome()));
        qInfo("finance approved in %lld ms", m_clock.restart());

        // oncall sees finance's approval on the last page.
        stateShown.clear();
        QTest::mouseClick(next->checkButton(), Qt::LeftButton);
        QVERIFY(stateShown.wait(20000));
        QVERIFY2(next->state()->text().contains(QStringLiteral("finance")),
                 qPrintable(next->state()->text()));
        wizard->close();
    }

    void oncallReversesTheStagingRefunds()
    {
        MainWindow &window = oncall();
        MoneyWizard *wizard =
            wizardFrom(window, kStagingRefunds, QStringLiteral("Reverse these refunds…"));
        MoneySelectPage *select = wizard->selectPage();
        QVERIFY(select->reversalChoice()->isChecked());
        QVERIFY(!select->ledgerBox()->isEnabled()); // the ledger is for refunds
        QVERIFY(select->sqlEdit()->toPlainText().contains(QStringLiteral("AS refund")));

        // The plan: the truth's 10,000 refunds, 7,840,000.00 RUB, per acquirer.
        QVERIFY2(plan(wizard), qPrintable(wizard->planPage()->status()->text()));
        qInfo("planned in %lld ms", m_clock.restart());
        const workspace::PlannedMoney &planned = wizard->planned();
        QCOMPARE(planned.plan.items.size(), 10000);
        QCOMPARE(QSet<QString>(planned.keys.cbegin(), planned.keys.cend()), m_stagingRefunds);
        QCOMPARE(planned.plan.totals.minorFor(QStringLiteral("RUB")), qint64(784000000));
        MoneyPlanPage *page = wizard->planPage();
        QVERIFY2(page->summary()->text().contains(
                     QStringLiteral("10,000 reversals of 7,840,000.00 RUB to")),
                 qPrintable(page->summary()->text()));
        QCOMPARE(cell(page->totals(), 0, 2), QStringLiteral("7,840,000.00 RUB"));
        QCOMPARE(page->items()->headerData(MoneyItemsModel::Target, Qt::Horizontal).toString(),
                 QStringLiteral("Refund"));
        amountsAreMoney(page->items(), QStringLiteral("RUB"), 784000000);
        if (QTest::currentTestFailed())
            return;
        // The refunds name no acquirer; their charges do (payments.provider).
        QCOMPARE(planned.providerColumn, QStringLiteral("public.payments.provider"));
        QVERIFY(page->providers()->rowCount() >= 1);
        qint64 grouped = 0;
        MoneyTotals groupedMoney;
        for (int r = 0; r < page->providers()->rowCount(); ++r) {
            QVERIFY2(cell(page->providers(), r, 0) != QStringLiteral("(not named by the data)"),
                     "a reversal whose acquirer the data does not name");
            grouped += cell(page->providers(), r, 1).remove(u',').toLongLong();
        }
        QCOMPARE(grouped, qint64(10000));
        QCOMPARE(page->tabs()->tabText(0), QStringLiteral("Reversals (10,000)"));
        shot(wizard, QStringLiteral("reversal-plan"));

        // Where it goes: the acquirer.
        MoneyDestinationPage *destination = wizard->destinationPage();
        QSignalSpy destinationShown(destination, &MoneyDestinationPage::destinationShown);
        wizard->next();
        QVERIFY(destinationShown.wait(30000));
        QVERIFY2(destination->destination()->text().contains(QStringLiteral("To the acquirer")),
                 qPrintable(destination->destination()->text()));
        QVERIFY(destination->money()->text().contains(QStringLiteral("7,840,000.00 RUB")));
        // Paid out by more than one acquirer: a run hands a batch to one, and the page says so.
        QCOMPARE(destination->severalAcquirers()->isVisibleTo(destination),
                 page->providers()->rowCount() > 1);
        if (page->providers()->rowCount() > 1)
            QVERIFY2(destination->severalAcquirers()->text().contains(
                         QStringLiteral("%1 acquirers").arg(page->providers()->rowCount())),
                     qPrintable(destination->severalAcquirers()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(destination->caseChoice()->count() > 0, 20000);
        shot(wizard, QStringLiteral("reversal-destination"));

        // Dry run, then submitted.
        QSignalSpy dryRunShown(wizard->dryRunPage(), &MoneyDryRunPage::dryRunShown);
        wizard->next();
        QVERIFY2(dryRunShown.wait(180000), qPrintable(destination->status()->text()));
        qInfo("drafted and dry-run in %lld ms", m_clock.restart());
        QCOMPARE(wizard->dryRunPage()->perAnswer().value(QStringLiteral("would send")),
                 qint64(10000));
        MoneySubmitPage *submit = wizard->submitPage();
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(submit->submitButton()->isEnabled(), 20000);
        QTest::mouseClick(submit->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(submit->review().state, QStringLiteral("submitted"), 60000);
        QCOMPARE(submit->review().kind, QStringLiteral("reversal"));
        wizard->next();
        const QString command = wizard->nextStepsPage()->command()->toPlainText();
        QVERIFY2(
            command.startsWith(
                QStringLiteral("payops batch run %1 --handover-dir ").arg(wizard->batchId())) &&
                command.contains(QStringLiteral("--provider-environment demo")),
            qPrintable(command));
        const QString acquirer = wizard->soleProvider();
        QVERIFY2(command.contains(QStringLiteral("--acquirer ") +
                                  (acquirer.isEmpty() ? QStringLiteral("<ACQUIRER>") : acquirer)),
                 qPrintable(command));
        shot(wizard, QStringLiteral("reversal-next-steps"));
        qInfo("submitted in %lld ms", m_clock.restart());
        wizard->close();
    }

    void aLedgerRefundNamesTheValuesItNeeds()
    {
        MainWindow &window = oncall();
        MoneyWizard *wizard =
            wizardFrom(window, kClosedAccounts, QStringLiteral("Refund these charges…"));
        MoneySelectPage *select = wizard->selectPage();
        select->ledgerBox()->setChecked(true);
        // Without values for the columns the profile does not map: refused, named.
        QSignalSpy shown(wizard->planPage(), &MoneyPlanPage::planShown);
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(
            wizard->planPage()->status()->text().startsWith(QStringLiteral("Could not")), 60000);
        const QString refusal = wizard->planPage()->status()->text();
        QVERIFY2(refusal.contains(QStringLiteral("reason")) &&
                     refusal.contains(QStringLiteral("source_app")) &&
                     refusal.contains(QStringLiteral("Values for the refunds table")),
                 qPrintable(refusal));
        QVERIFY(!wizard->planPage()->isComplete());
        QVERIFY(shown.isEmpty());
        wizard->back();
        select->ledgerValuesEdit()->setPlainText(
            QStringLiteral("reason=charged after closing\nsource_app=payops"));
        QVERIFY2(plan(wizard), qPrintable(wizard->planPage()->status()->text()));
        const workspace::PlannedMoney &planned = wizard->planned();
        QCOMPARE(planned.plan.items.size(), 475);
        QCOMPARE(planned.plan.totals.minorFor(QStringLiteral("USD")), qint64(7327136));
        // Rows of the refunds table, each naming the charge it refunds.
        QVERIFY(planned.plan.items[0].targetTable.endsWith(QStringLiteral("refunds")));
        QVERIFY(planned.plan.items[0].change.contains(QStringLiteral("\"money\"")));
        QCOMPARE(QSet<QString>(planned.keys.cbegin(), planned.keys.cend()), m_wrongCharges);
        QSignalSpy destinationShown(wizard->destinationPage(),
                                    &MoneyDestinationPage::destinationShown);
        wizard->next();
        QVERIFY(destinationShown.wait(30000));
        QVERIFY2(wizard->destinationPage()->destination()->text().contains(
                     QStringLiteral("own refunds table (the ledger)")),
                 qPrintable(wizard->destinationPage()->destination()->text()));
        wizard->close();
    }
};

QTEST_MAIN(TestMoneyWizard)
#include "test_money_wizard.moc"
