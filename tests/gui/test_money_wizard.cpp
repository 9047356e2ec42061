// The money wizards as the demo's people meet them, on a copy of the
// drill database (never on billing, which the other tests read):
//  - support (support staff) and finance (approver) cannot build a money
//    batch and are told it takes an operator, in the restore's words;
//  - oncall (operator) refunds incident 2 from the closed-accounts finding:
//    the plan holds the 475 charges the demo's truth names, 73,271.36 USD,
//    475 accounts (exported as CSV); with no HTTP destination registered
//    the destination page says what is missing and Next waits; once the
//    database owner registers one (payops allow-money) it is listed and
//    picked; the batch names it in every item, the database's dry run
//    would send each, the 475 accounts join the case's roster, the batch
//    is submitted into a new case, the next steps give payops batch run
//    with the key from the keychain or PAYOPS_PROVIDER_KEY, and finance's
//    review names the registered destination before finance approves;
//  - oncall reverses incident 3 from the non-production refunds finding:
//    the 10,000 refunds of the truth, 7,840,000.00 RUB, grouped by the
//    acquirer the charges name, one batch per acquirer, each to the file
//    destination registered for it, handed over with --handover-dir;
//  - oncall claws back incident 5 from the paid-twice finding: 70
//    investors, what each was paid twice, holds, moved out and can give
//    back exactly as the demo's truth says, 12 with something to write
//    off, the claw-back and the write-off drafted, 70 people on the roster;
//  - a ledger refund names the refunds table's columns it needs a value
//    for, and goes to no destination.
// With PAYOPS_WIZARD_SHOTS set, the plan and the destination pages are
// saved as pictures there (money-wizard-*.png).
#include "core/money.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "items/query_table_model.h"
#include "support/cli_run.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/batch_review_dialog.h"
#include "widgets/finding_detail_view.h"
#include "widgets/findings_panel.h"
#include "widgets/main_window.h"
#include "widgets/money/clawback_people_model.h"
#include "widgets/money/clawback_plan_page.h"
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
const QString kPaidTwice = QStringLiteral("users paid twice");

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
        money->click();
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

    // One value of a query run as the cluster owner on the copy, off the GUI thread.
    QString ownerValue(const QString &sql) const
    {
        QString value;
        const QString database = m_database;
        offThread([&value, &sql, database] { value = test::adminValue(sql, database); });
        return value;
    }

    // A destination registered as the database owner does it (payops
    // allow-money --destination), for the environment the copy declares;
    // an HTTP one with its key's fingerprint, the key in PAYOPS_PROVIDER_KEY.
    void registerDestination(const QString &name, const QString &adapter, const QString &address)
    {
        const QString environment =
            ownerValue(QStringLiteral("SELECT environment FROM payops.installation"));
        if (adapter == u"http")
            qputenv("PAYOPS_PROVIDER_KEY", "sk_demo_wizard_key");
        const test::CliRun registered =
            test::runCli({QStringLiteral("allow-money"), QStringLiteral("--destination"), name,
                          QStringLiteral("--adapter"), adapter, QStringLiteral("--address"),
                          address, QStringLiteral("--environment"), environment,
                          QStringLiteral("--db"), test::demoCluster().adminUri(m_database)});
        qunsetenv("PAYOPS_PROVIDER_KEY");
        QVERIFY2(registered.exitCode == 0, registered.err.constData());
    }

    // Reads the destinations again, as the page's button does.
    static bool reread(MoneyDestinationPage *page)
    {
        QSignalSpy shown(page, &MoneyDestinationPage::destinationShown);
        QTest::mouseClick(page->rereadButton(), Qt::LeftButton);
        return shown.wait(30000);
    }

    // Clicks a row of a table, as a person picks it.
    static void clickRow(QTableView *view, int row)
    {
        const QRect cell = view->visualRect(view->model()->index(row, 0));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    }

    static bool nextEnabled(MoneyWizard *wizard)
    {
        return wizard->button(QWizard::NextButton)->isEnabled();
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
        QTRY_COMPARE_WITH_TIMEOUT(window->consoleRole(), QStringLiteral("support"), 20000);
        const QString why = QStringLiteral("Money batches are built by an operator (payops grant "
                                           "operator); you are signed in as support staff.");
        // The restore's refusal words the role alike: one wording for both.
        QCOMPARE(window->restoreRefusal(),
                 QStringLiteral("Restores are built by an operator (payops grant operator); you "
                                "are signed in as support staff."));
        for (const auto &[title, button] :
             {std::pair{kClosedAccounts, QStringLiteral("Refund these charges…")},
              std::pair{kStagingRefunds, QStringLiteral("Reverse these refunds…")},
              std::pair{kPaidTwice, QStringLiteral("Claw back these payouts…")}}) {
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

        // 3. Where the money goes: a registered provider, on this demo database, a new case.
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
        // The demo registers its own provider (demo-psp, payops demo start runs it)
        // and its acquirer's files: for refunds over HTTP, the one provider.
        QTRY_COMPARE_WITH_TIMEOUT(destination->destinations()->rowCount(), 1, 20000);
        QCOMPARE(cell(destination->destinations(), 0, 0), QStringLiteral("demo-psp"));
        QCOMPARE(cell(destination->destinations(), 0, 1),
                 QStringLiteral("the API at ") + test::demoCluster().provider().url().toString());
        QVERIFY(!destination->missingDestination()->isVisibleTo(destination));
        QVERIFY(!destination->isComplete());
        QVERIFY(!nextEnabled(wizard));
        // The database owner registers a second provider; the page reads it again.
        registerDestination(QStringLiteral("psp-b"), QStringLiteral("http"),
                            QStringLiteral("https://psp.demo.invalid/v1"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(reread(destination));
        QCOMPARE(destination->destinations()->rowCount(), 2);
        const int row = cell(destination->destinations(), 0, 0) == u"psp-b" ? 0 : 1;
        QCOMPARE(cell(destination->destinations(), row, 0), QStringLiteral("psp-b"));
        QCOMPARE(cell(destination->destinations(), row, 1),
                 QStringLiteral("the API at https://psp.demo.invalid/v1"));
        QCOMPARE(cell(destination->destinations(), row, 2), QStringLiteral("demo"));
        QCOMPARE(cell(destination->destinations(), row, 3),
                 QStringLiteral("a payment provider's API, over HTTP"));
        QVERIFY(!destination->missingDestination()->isVisibleTo(destination));
        // Listed is not picked: Next waits for the operator's choice.
        QVERIFY(!destination->isComplete());
        clickRow(destination->destinationsView(), row);
        QVERIFY(destination->isComplete());
        QVERIFY(nextEnabled(wizard));
        // What the approver reads names where the money goes.
        QVERIFY2(destination->description()->toPlainText().contains(
                     QStringLiteral("Destination psp-b: the API at "
                                    "https://psp.demo.invalid/v1")),
                 qPrintable(destination->description()->toPlainText()));
        shot(wizard, QStringLiteral("refund-destination"));

        // 4. Drafted into a new case, naming its destination; the dry run would send each.
        QSignalSpy dryRunShown(wizard->dryRunPage(), &MoneyDryRunPage::dryRunShown);
        wizard->next();
        QVERIFY2(dryRunShown.wait(120000), qPrintable(destination->status()->text()));
        qInfo("drafted and dry-run in %lld ms", m_clock.restart());
        QCOMPARE(wizard->currentId(), int(MoneyWizard::DryRun));
        QCOMPARE(wizard->batches().size(), 1);
        const qint64 batchId = wizard->batches()[0].id;
        QVERIFY(batchId > 0 && wizard->caseId() > 0);
        QCOMPARE(wizard->batches()[0].destination, QStringLiteral("psp-b"));
        QCOMPARE(ownerValue(QStringLiteral("SELECT count(*) FROM payops.batch_items WHERE "
                                           "batch_id = %1 AND change ->> 'destination' = "
                                           "'psp-b'")
                                .arg(batchId)),
                 QStringLiteral("475"));
        // The people to apologise to are on the case's roster, as the CLI puts them.
        QCOMPARE(ownerValue(QStringLiteral("SELECT count(*) FROM payops.roster_people WHERE "
                                           "case_id = %1")
                                .arg(wizard->caseId())),
                 QStringLiteral("475"));
        QCOMPARE(wizard->drafted().rostered, 475);
        const auto &answers = wizard->dryRunPage()->perAnswer();
        QCOMPARE(answers.value(QStringLiteral("would send")), qint64(475));
        QCOMPARE(answers.size(), 1);
        QCOMPARE(wizard->dryRunPage()->items()->rowCount(), 475);
        const Money first{planned.plan.items[0].amountMinor, QStringLiteral("USD")};
        QCOMPARE(cell(wizard->dryRunPage()->items(), 0, 3), first.toDisplayString());
        shot(wizard, QStringLiteral("refund-dry-run"));

        // 5. Submitted: frozen, in the approvals queue.
        MoneySubmitPage *submit = wizard->submitPage();
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(submit->submitButton()->isEnabled(), 20000);
        QVERIFY2(submit->batch()->text().contains(QStringLiteral("73,271.36 USD")) &&
                     submit->batch()->text().contains(QStringLiteral("psp-b")),
                 qPrintable(submit->batch()->text()));
        QVERIFY(!submit->isComplete());
        QTest::mouseClick(submit->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(submit->commonState(), QStringLiteral("submitted"), 30000);
        QVERIFY(submit->isComplete());
        QCOMPARE(submit->reviews().value(0).kind, QStringLiteral("refund"));
        qInfo("submitted in %lld ms", m_clock.restart());

        // 6. What comes next: finance, then the exact command for this
        // batch, which reads its destination from the items and its key
        // from the keychain or PAYOPS_PROVIDER_KEY.
        MoneyNextStepsPage *next = wizard->nextStepsPage();
        QSignalSpy stateShown(next, &MoneyNextStepsPage::stateShown);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MoneyWizard::NextSteps));
        const QString command = next->command()->toPlainText();
        QVERIFY2(command.contains(QStringLiteral("\npayops batch run %1 --db ").arg(batchId)) &&
                     command.contains(QStringLiteral("payops provider-key --destination psp-b "
                                                     "--db ")) &&
                     command.contains(QStringLiteral("PAYOPS_PROVIDER_KEY")) &&
                     command.contains(QStringLiteral("dbname=") + m_database) &&
                     !command.contains(QStringLiteral("--provider ")) &&
                     !command.contains(QStringLiteral("--provider-environment")) &&
                     !command.contains(QStringLiteral("password")),
                 qPrintable(command));
        QVERIFY2(next->findChild<QLabel *>(QStringLiteral("nextSteps"))
                     ->text()
                     .contains(QStringLiteral("payops provider-key --destination")),
                 "the next steps do not say how the key is found");
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
                     money.contains(QStringLiteral("475 refunds to psp-b: the API at "
                                                   "https://psp.demo.invalid/v1 (a payment "
                                                   "provider's API, over HTTP), for demo")),
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

        // Where it goes: an acquirer's files, as registered on the database.
        MoneyDestinationPage *destination = wizard->destinationPage();
        QSignalSpy destinationShown(destination, &MoneyDestinationPage::destinationShown);
        wizard->next();
        QVERIFY(destinationShown.wait(30000));
        QVERIFY2(destination->destination()->text().contains(QStringLiteral("To the acquirer")),
                 qPrintable(destination->destination()->text()));
        QVERIFY(destination->money()->text().contains(QStringLiteral("7,840,000.00 RUB")));
        // The demo's own file destination, and none of another adapter.
        QCOMPARE(destination->destinations()->rowCount(), 1);
        QCOMPARE(cell(destination->destinations(), 0, 0), QStringLiteral("demo-acquirer"));
        QCOMPARE(cell(destination->destinations(), 0, 1),
                 QStringLiteral("the acquirer demo-acquirer"));
        QCOMPARE(cell(destination->destinations(), 0, 2), QStringLiteral("demo"));
        QCOMPARE(cell(destination->destinations(), 0, 3),
                 QStringLiteral("hand-over files for an acquirer"));
        QVERIFY(!destination->missingDestination()->isVisibleTo(destination));
        QTRY_VERIFY_WITH_TIMEOUT(destination->caseChoice()->count() > 0, 20000);
        const int acquirers = page->providers()->rowCount();
        QCOMPARE(destination->groups().size(), acquirers);
        QStringList groups;
        for (const workspace::ProviderGroup &group : destination->groups())
            groups << group.provider;
        if (acquirers > 1) {
            // Paid out by several: one batch each is offered, and chosen by default.
            QVERIFY(destination->splitBox()->isVisibleTo(destination));
            QVERIFY(destination->splitBox()->isChecked());
            QCOMPARE(destination->groupChoices().size(), acquirers);
            // No destination is any acquirer's own yet: each waits for a pick.
            for (QComboBox *choice : destination->groupChoices())
                QCOMPARE(choice->currentIndex(), 0);
            QVERIFY(!destination->isComplete());
            // Kept in one batch, they all go to the one destination picked, which the page says.
            destination->splitBox()->setChecked(false);
            QVERIFY(destination->severalAcquirers()->isVisibleTo(destination));
            QVERIFY2(destination->severalAcquirers()->text().contains(
                         QStringLiteral("%1 acquirers").arg(acquirers)),
                     qPrintable(destination->severalAcquirers()->text()));
            clickRow(destination->destinationsView(), 0);
            QVERIFY(destination->isComplete());
            QCOMPARE(destination->drafts().size(), 1);
            QCOMPARE(destination->drafts()[0].destination, QStringLiteral("demo-acquirer"));
            // One batch per acquirer, each to the destination registered for it.
            destination->splitBox()->setChecked(true);
            QVERIFY(!destination->severalAcquirers()->isVisibleTo(destination));
            QVERIFY(!destination->isComplete());
            for (const QString &acquirer : groups)
                registerDestination(acquirer, QStringLiteral("file"), acquirer);
            if (QTest::currentTestFailed())
                return;
            QVERIFY(reread(destination));
            QCOMPARE(destination->destinations()->rowCount(), acquirers + 1);
            QCOMPARE(destination->groupChoices().size(), acquirers);
            for (int g = 0; g < acquirers; ++g)
                QCOMPARE(destination->groupChoices()[g]->currentData().toString(), groups[g]);
            QVERIFY(destination->isComplete());
        } else {
            QVERIFY(!destination->splitBox()->isVisibleTo(destination));
            QVERIFY(!destination->isComplete());
            clickRow(destination->destinationsView(), 0);
            QVERIFY(destination->isComplete());
        }
        shot(wizard, QStringLiteral("reversal-destination"));

        // Dry run of every batch, then submitted.
        QSignalSpy dryRunShown(wizard->dryRunPage(), &MoneyDryRunPage::dryRunShown);
        wizard->next();
        QVERIFY2(dryRunShown.wait(180000), qPrintable(destination->status()->text()));
        qInfo("drafted and dry-run in %lld ms", m_clock.restart());
        QCOMPARE(wizard->dryRunPage()->perAnswer().value(QStringLiteral("would hand over")),
                 qint64(10000));
        QCOMPARE(wizard->batches().size(), acquirers);
        qint64 drafted = 0;
        MoneyTotals draftedMoney;
        QSet<qint64> ids;
        for (int g = 0; g < wizard->batches().size(); ++g) {
            const workspace::DraftedBatch &batch = wizard->batches()[g];
            ids.insert(batch.id);
            QCOMPARE(batch.kind, QStringLiteral("reversal"));
            QCOMPARE(batch.destination,
                     acquirers > 1 ? groups[g] : QStringLiteral("demo-acquirer"));
            QCOMPARE(batch.plan.items.size(), destination->groups()[g].items.size());
            // Every item of it names that destination and no other, in the database.
            QCOMPARE(ownerValue(QStringLiteral("SELECT string_agg(DISTINCT change ->> "
                                               "'destination', ',') || ' ' || count(*) FROM "
                                               "payops.batch_items WHERE batch_id = %1")
                                    .arg(batch.id)),
                     QStringLiteral("%1 %2").arg(batch.destination).arg(batch.plan.items.size()));
            if (acquirers > 1) {
                // What finance reads says whose refunds these are and where they go.
                const QString description = ownerValue(
                    QStringLiteral("SELECT description FROM payops.batches WHERE id = %1")
                        .arg(batch.id));
                QVERIFY2(description.contains(
                             QStringLiteral("This batch: what %1 paid out, ").arg(groups[g])) &&
                             description.contains(
                                 QStringLiteral("to %1: the acquirer %1").arg(groups[g])),
                         qPrintable(description));
            }
            drafted += batch.plan.items.size();
            draftedMoney.add(QStringLiteral("RUB"),
                             batch.plan.totals.minorFor(QStringLiteral("RUB")));
        }
        QCOMPARE(ids.size(), acquirers);
        QCOMPARE(drafted, qint64(10000));
        QCOMPARE(draftedMoney.minorFor(QStringLiteral("RUB")), qint64(784000000));
        QCOMPARE(ownerValue(QStringLiteral("SELECT count(*) FROM payops.roster_people WHERE "
                                           "case_id = %1")
                                .arg(wizard->caseId()))
                     .toLongLong(),
                 qint64(planned.plan.accounts.size()));
        MoneySubmitPage *submit = wizard->submitPage();
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(submit->submitButton()->isEnabled(), 20000);
        QTest::mouseClick(submit->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(submit->commonState(), QStringLiteral("submitted"), 60000);
        QCOMPARE(submit->reviews().size(), acquirers);
        for (const ops::BatchReview &review : submit->reviews())
            QCOMPARE(review.kind, QStringLiteral("reversal"));
        wizard->next();
        const QString command = wizard->nextStepsPage()->command()->toPlainText();
        for (const workspace::DraftedBatch &batch : wizard->batches())
            QVERIFY2(command.contains(QStringLiteral("\npayops batch run %1 --handover-dir <DIR> "
                                                     "--db ")
                                          .arg(batch.id)),
                     qPrintable(command));
        QVERIFY2(!command.contains(QStringLiteral("--acquirer")) &&
                     !command.contains(QStringLiteral("--provider-environment")) &&
                     !command.contains(QStringLiteral("provider-key")),
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
        MoneyDestinationPage *destination = wizard->destinationPage();
        QVERIFY2(destination->destination()->text().contains(
                     QStringLiteral("own refunds table (the ledger)")),
                 qPrintable(destination->destination()->text()));
        // The ledger is the database's own: no destination to pick, none missing.
        QVERIFY(!destination->destinationsView()->isVisibleTo(destination));
        QVERIFY(!destination->missingDestination()->isVisibleTo(destination));
        QTRY_VERIFY_WITH_TIMEOUT(destination->isComplete(), 20000);
        QCOMPARE(destination->drafts().size(), 1);
        QCOMPARE(destination->drafts()[0].destination, QString());
        wizard->close();
    }

    void oncallClawsBackThePaidTwicePayouts()
    {
        // What the demo did, per investor (demo_truth.clawback), and their balances now.
        struct Truth
        {
            qint64 duplicate, recoverable, movedOut, balance;
        };
        QHash<QString, Truth> truth;
        const QStringList rows =
            ownerValue(QStringLiteral("SELECT string_agg(t.account_id || ':' || t.duplicate_minor "
                                      "|| ':' || t.recoverable_minor || ':' || t.moved_out_minor "
                                      "|| ':' || b.balance_minor, ',') FROM demo_truth.clawback t "
                                      "JOIN public.investor_balances b USING (account_id)"))
                .split(u',', Qt::SkipEmptyParts);
        for (const QString &row : rows) {
            const QStringList f = row.split(u':');
            truth.insert(
                f[0], {f[1].toLongLong(), f[2].toLongLong(), f[3].toLongLong(), f[4].toLongLong()});
        }
        QCOMPARE(truth.size(), 70);
        const QStringList sums =
            ownerValue(QStringLiteral("SELECT sum(recoverable_minor) || ' ' || "
                                      "sum(duplicate_minor - recoverable_minor) || ' ' || "
                                      "count(*) FILTER (WHERE duplicate_minor > recoverable_minor) "
                                      "FROM demo_truth.clawback"))
                .split(u' ');
        QCOMPARE(sums.size(), 3);
        const qint64 recoverable = sums[0].toLongLong();
        const qint64 writeOff = sums[1].toLongLong();
        QCOMPARE(sums[2], QStringLiteral("12"));
        const QString currency = QStringLiteral("CNY");

        MainWindow &window = oncall();
        MoneyWizard *wizard =
            wizardFrom(window, kPaidTwice, QStringLiteral("Claw back these payouts…"));
        const Finding finding = *wizard->start().finding;
        QCOMPARE(wizard->windowTitle(), QStringLiteral("Claw back payouts"));
        MoneySelectPage *select = wizard->selectPage();
        QVERIFY(select->clawbackChoice()->isChecked());
        QVERIFY(!select->refundChoice()->isEnabled());
        QVERIFY(!select->ledgerBox()->isVisibleTo(select));
        const QString sql = select->sqlEdit()->toPlainText();
        QVERIFY2(sql.startsWith(QStringLiteral("SELECT f.row_key AS payout")) &&
                     sql.contains(finding.rowsSql) && sql.endsWith(QStringLiteral(") AS f")),
                 qPrintable(sql));
        // The demo maps every column a claw-back writes: no value is asked for.
        QVERIFY(select->ledgerValuesEdit()->toPlainText().isEmpty());

        // The plan, per investor, on its own page.
        ClawbackPlanPage *page = wizard->clawbackPlanPage();
        QSignalSpy shown(page, &ClawbackPlanPage::planShown);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MoneyWizard::ClawbackPlan));
        QVERIFY2(shown.wait(180000), qPrintable(page->status()->text()));
        qInfo("claw-back planned in %lld ms", m_clock.restart());
        const workspace::PlannedMoney &planned = wizard->planned();
        ClawbackPeopleModel *people = page->people();
        QCOMPARE(people->rowCount(), 70);
        qint64 shownRecoverable = 0, shownWriteOff = 0;
        int withWriteOff = 0;
        for (int r = 0; r < people->rowCount(); ++r) {
            const QString account = cell(people, r, ClawbackPeopleModel::Account);
            QVERIFY2(truth.contains(account), qPrintable(account));
            const Truth t = truth.value(account);
            const auto minor = [&](int column) {
                return people->data(people->index(r, column), Qt::UserRole).toLongLong();
            };
            QCOMPARE(minor(ClawbackPeopleModel::PaidTwice), t.duplicate);
            QCOMPARE(minor(ClawbackPeopleModel::Balance), t.balance);
            QCOMPARE(minor(ClawbackPeopleModel::MovedOut), t.movedOut);
            QCOMPARE(minor(ClawbackPeopleModel::Recoverable), t.recoverable);
            QCOMPARE(minor(ClawbackPeopleModel::WriteOff), t.duplicate - t.recoverable);
            // Every figure reads as money in its currency, never as minor units.
            for (int column = ClawbackPeopleModel::PaidTwice;
                 column <= ClawbackPeopleModel::WriteOff; ++column)
                QCOMPARE(cell(people, r, column),
                         (Money{minor(column), currency}.toDisplayString()));
            QVERIFY(cell(people, r, ClawbackPeopleModel::Email).contains(u'@'));
            shownRecoverable += minor(ClawbackPeopleModel::Recoverable);
            shownWriteOff += minor(ClawbackPeopleModel::WriteOff);
            withWriteOff += minor(ClawbackPeopleModel::WriteOff) > 0 ? 1 : 0;
        }
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(shownRecoverable, recoverable);
        QCOMPARE(shownWriteOff, writeOff);
        QCOMPARE(withWriteOff, 12);
        QCOMPARE(planned.plan.totals.minorFor(currency), recoverable);
        QCOMPARE(planned.writeOff.totals.minorFor(currency), writeOff);
        // The totals of both, as money.
        QCOMPARE(page->totals()->rowCount(), 1);
        QCOMPARE(cell(page->totals(), 0, 0), currency);
        QCOMPARE(cell(page->totals(), 0, 1), QStringLiteral("70"));
        QCOMPARE(cell(page->totals(), 0, 3), (Money{recoverable, currency}.toDisplayString()));
        QCOMPARE(cell(page->totals(), 0, 4), (Money{writeOff, currency}.toDisplayString()));
        const QString summary = page->summary()->text();
        QVERIFY2(summary.contains(QStringLiteral("70 investors")) &&
                     summary.contains(Money{recoverable, currency}.toDisplayString()) &&
                     summary.contains(Money{writeOff, currency}.toDisplayString()) &&
                     summary.contains(QStringLiteral("12 investors")),
                 qPrintable(summary));
        // Said plainly: nothing is taken from anyone who has not agreed.
        const QString consent = page->consent()->text();
        QVERIFY2(consent.contains(QStringLiteral("has not agreed")) &&
                     consent.contains(QStringLiteral("support records")),
                 qPrintable(consent));
        QVERIFY(page->consent()->isVisibleTo(page));
        QCOMPARE(page->tabs()->tabText(0), QStringLiteral("Investors (70)"));
        QVERIFY(page->isComplete());
        shot(wizard, QStringLiteral("clawback-plan"));

        // Where it goes: back from the balances; no destination to pick.
        MoneyDestinationPage *destination = wizard->destinationPage();
        QSignalSpy destinationShown(destination, &MoneyDestinationPage::destinationShown);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MoneyWizard::Destination));
        QVERIFY(destinationShown.wait(30000));
        QVERIFY(!destination->destinationsView()->isVisibleTo(destination));
        QVERIFY2(destination->money()->text().contains(QStringLiteral("70 investors")),
                 qPrintable(destination->money()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(destination->isComplete(), 20000);
        QVERIFY(destination->drafts().isEmpty()); // the claw-back drafts its own two
        shot(wizard, QStringLiteral("clawback-destination"));

        // Drafted: the claw-back and the write-off, and the 70 on the roster.
        QSignalSpy dryRunShown(wizard->dryRunPage(), &MoneyDryRunPage::dryRunShown);
        wizard->next();
        QVERIFY2(dryRunShown.wait(120000), qPrintable(destination->status()->text()));
        qInfo("claw-back drafted and dry-run in %lld ms", m_clock.restart());
        QCOMPARE(wizard->batches().size(), 2);
        const workspace::DraftedBatch clawback = wizard->batches()[0];
        const workspace::DraftedBatch writeOffBatch = wizard->batches()[1];
        QCOMPARE(clawback.kind, QStringLiteral("claw-back"));
        QCOMPARE(writeOffBatch.kind, QStringLiteral("write-off"));
        const QString caseId = QString::number(wizard->caseId());
        QCOMPARE(ownerValue(QStringLiteral("SELECT string_agg(kind || ' ' || "
                                           "(SELECT sum(i.amount_minor) FROM payops.batch_items i "
                                           "WHERE i.batch_id = b.id), ',' ORDER BY id) FROM "
                                           "payops.batches b WHERE case_id = %1")
                                .arg(caseId)),
                 QStringLiteral("claw-back %1,write-off %2").arg(recoverable).arg(writeOff));
        QCOMPARE(ownerValue(QStringLiteral("SELECT count(*) FROM payops.roster_people WHERE "
                                           "case_id = %1")
                                .arg(caseId)),
                 QStringLiteral("70"));
        QCOMPARE(wizard->drafted().rostered, 70);
        QCOMPARE(wizard->dryRunPage()
                     ->perAnswerOf(clawback.id)
                     .value(QStringLiteral("would take it back from the balance")),
                 qint64(planned.plan.items.size()));
        QCOMPARE(wizard->dryRunPage()
                     ->perAnswerOf(writeOffBatch.id)
                     .value(QStringLiteral("would record the write-off")),
                 qint64(planned.writeOff.items.size()));
        QCOMPARE(planned.writeOff.items.size(), 12);

        // Both submitted; the next steps run each as it is.
        MoneySubmitPage *submit = wizard->submitPage();
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(submit->submitButton()->isEnabled(), 20000);
        QTest::mouseClick(submit->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(submit->commonState(), QStringLiteral("submitted"), 30000);
        QCOMPARE(submit->reviews().size(), 2);
        wizard->next();
        const QString command = wizard->nextStepsPage()->command()->toPlainText();
        for (const qint64 id : {clawback.id, writeOffBatch.id})
            QVERIFY2(command.contains(QStringLiteral("\npayops batch run %1 --db ").arg(id)),
                     qPrintable(command));
        QVERIFY2(!command.contains(QStringLiteral("--handover-dir")) &&
                     !command.contains(QStringLiteral("provider-key")),
                 qPrintable(command));

        // Finance reads where the claw-back's money comes from.
        auto finance =
            m_console.connectedWindow(person(QStringLiteral("finance")), QStringLiteral("finance"));
        QTRY_COMPARE_WITH_TIMEOUT(finance->consoleRole(), QStringLiteral("approver"), 20000);
        BatchReviewDialog *review = finance->reviewBatch(clawback.id);
        QSignalSpy moneyShown(review, &BatchReviewDialog::moneyShown);
        QVERIFY(moneyShown.wait(30000));
        const QString money = review->moneyText();
        QVERIFY2(
            money.contains(Money{recoverable, currency}.toDisplayString()) &&
                money.contains(QStringLiteral("%1 accounts").arg(planned.plan.accounts.size())) &&
                money.contains(QStringLiteral("the investors' balances")),
            qPrintable(money));
        review->close();
        wizard->close();
    }
};

QTEST_MAIN(TestMoneyWizard)
#include "test_money_wizard.moc"
