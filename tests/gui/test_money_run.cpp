// Money batches run from the console (widgets/money_run), as an operator
// meets them, against the tests' fake provider (a real HTTP server on
// 127.0.0.1; its ledger is the ground truth), on scratch databases of the
// demo cluster:
//  - an approved refund batch of 12 charges, opened from Approvals' Run…,
//    shows where its money goes before Execute; the provider books every
//    refund but answers half of them ambiguously (lost, 503 or too late
//    after success) and cannot be asked meanwhile, so those items are
//    listed apart as sent with no answer, with their amount and key;
//    Reconcile looks them up and ends every item succeeded, and the
//    provider holds exactly one refund per item under the item's own key:
//    nothing was sent twice;
//  - items cut off before they reached the provider (a crash right after
//    their keys were committed) are found absent after the provider's
//    window and listed apart; "Send again under the same key" and "Mark
//    failed" wait for a reason and an item; one is sent again under the
//    key it was first given, the other ends failed with the reason typed,
//    and the provider books the first once and never sees the second; the
//    key came from the secret store, under the entry payops provider-key
//    writes;
//  - a batch waiting for approval cannot be run, from Approvals or its run
//    panel, and says why; an approver may not run a batch either.
// With PAYOPS_RUN_SHOTS set, the panel is saved as pictures there
// (money-run-*.png).
#include "core/money.h"
#include "exec/batch_executor.h"
#include "exec/destination_adapter.h"
#include "exec/money_destinations.h"
#include "ops/audit_seal.h"
#include "support/console_fixture.h"
#include "support/exactly_once_refunds.h"
#include "support/fake_provider.h"
#include "support/scratch_payops.h"
#include "support/test_demo.h"
#include "widgets/approvals_panel.h"
#include "widgets/main_window.h"
#include "widgets/money_run/money_run_dialog.h"
#include "widgets/money_run/open_items_model.h"
#include "widgets/money_run/open_items_panel.h"
#include "widgets/restore/rows_table_model.h"

#include "items/query_table_model.h"

#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThread>

using namespace payops;
using test::FakeProvider;

namespace {

constexpr int kItems = 12;

// The one item of the batch that waits for approval: half of a fifth
// charge (a row is in one pending batch at a time).
const char *const kWaitingItem =
    "[{\"target_table\": \"public.charges\", \"target_key\": \"{\\\"id\\\": 5}\", "
    "\"amount_minor\": 500, \"currency\": \"USD\", \"change\": {\"op\": \"send\", "
    "\"operation\": \"refund\", \"payment\": \"ch_5\", \"destination\": \"fake-psp\", "
    "\"description\": \"half\"}}]";

// Database work of the test itself runs off the GUI thread.
template <typename Work> void offThread(Work work)
{
    QThread *thread = QThread::create(work);
    thread->start();
    if (!thread->wait(120000))
        qFatal("the test's own database work did not end");
    delete thread;
}

QString cell(const QAbstractItemModel *model, int row, int column, int role = Qt::DisplayRole)
{
    return model->data(model->index(row, column), role).toString();
}

QString header(const QAbstractItemModel *model, int column)
{
    return model->headerData(column, Qt::Horizontal).toString();
}

// What the counts table says of a state, as a number.
qint64 counted(const RowsTableModel *counts, const QString &what)
{
    for (const QStringList &row : counts->rows())
        if (row.value(0) == what)
            return QString(row.value(1)).remove(u',').toLongLong();
    return -1;
}

} // namespace

class TestMoneyRun : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    FakeProvider m_provider;
    // An approved refund of kItems charges, as the scratch "operator" built it.
    std::unique_ptr<test::ScratchPayops> m_db;
    std::unique_ptr<test::ExactlyOnceRefunds> m_refunds;
    // Four charges, two of them cut off after their keys were committed;
    // and a batch waiting for approval.
    std::unique_ptr<test::ScratchPayops> m_cutDb;
    std::unique_ptr<test::ExactlyOnceRefunds> m_cut;
    QString m_cutKeys[2];
    QString m_keyEntry; // the keychain entry of fake-psp's key on m_cutDb
    qint64 m_waiting = 0;

    static ConnectionProfile profileOf(const test::ScratchPayops &db, const QString &who)
    {
        ConnectionProfile profile = test::personProfile(db.role(who), db.database());
        profile.environmentLabel = QStringLiteral("test");
        return profile;
    }

    std::unique_ptr<MainWindow> windowAs(const test::ScratchPayops &db, const QString &who,
                                         const QString &role)
    {
        auto window = m_console.connectedWindow(profileOf(db, who), QStringLiteral("pw"));
        for (int i = 0; i < 300 && window->consoleRole() != role; ++i)
            QTest::qWait(100);
        if (window->consoleRole() != role)
            qFatal("%s is not known as %s", qPrintable(who), qPrintable(role));
        return window;
    }

    static MoneyRunDialog *runOf(MainWindow &window, qint64 batch)
    {
        MoneyRunDialog *dialog = window.openMoneyRun(batch);
        if (!dialog)
            qFatal("the run of batch %lld did not open", batch);
        QSignalSpy shown(dialog, &MoneyRunDialog::openItemsShown);
        if (!shown.wait(30000))
            qFatal("the run of batch %lld did not show its items", batch);
        return dialog;
    }

    // Presses a button and waits for the run it starts to end.
    static void runBy(MoneyRunDialog *dialog, QPushButton *button)
    {
        if (!button->isEnabled())
            qFatal("\"%s\" is disabled: %s", qPrintable(button->text()),
                   qPrintable(button->toolTip()));
        QSignalSpy ended(dialog, &MoneyRunDialog::runEnded);
        QSignalSpy shown(dialog, &MoneyRunDialog::openItemsShown);
        QTest::mouseClick(button, Qt::LeftButton);
        if (!ended.wait(120000))
            qFatal("the run did not end");
        if (!shown.wait(30000))
            qFatal("the open items were not read again after the run");
        qInfo("%s", qPrintable(dialog->state()->text()));
    }

    // A picture of the run panel, when asked for (PAYOPS_RUN_SHOTS).
    static void shot(QWidget *dialog, const QString &name)
    {
        const QString dir = qEnvironmentVariable("PAYOPS_RUN_SHOTS");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QTest::qWait(300); // let the tables lay themselves out
        dialog->grab().save(QDir(dir).filePath(QStringLiteral("money-run-%1.png").arg(name)));
    }

    // Presses a decision's button and waits for the lists read again.
    static void decideBy(MoneyRunDialog *dialog, QPushButton *button)
    {
        QSignalSpy decided(dialog, &MoneyRunDialog::itemDecided);
        QSignalSpy shown(dialog, &MoneyRunDialog::openItemsShown);
        QTest::mouseClick(button, Qt::LeftButton);
        if (!decided.wait(30000))
            qFatal("the decision was not taken: %s",
                   qPrintable(dialog->openItems()->message()->text()));
        if (!shown.wait(30000))
            qFatal("the open items were not read again after the decision");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_provider.isListening());
        // The console's requests wait 0.8 s for an answer (its settings).
        m_console.settings().setValue(QStringLiteral("money/timeout_ms"), 800);
        m_db = std::make_unique<test::ScratchPayops>(QStringLiteral("guirun"));
        m_refunds = std::make_unique<test::ExactlyOnceRefunds>(*m_db, kItems, m_provider.url());
        m_cutDb = std::make_unique<test::ScratchPayops>(QStringLiteral("guicut"));
        m_cut = std::make_unique<test::ExactlyOnceRefunds>(*m_cutDb, 4, m_provider.url());
        {
            // As a run killed right after begin_send committed: items 1 and
            // 2 are sending under their keys, and never reached the provider.
            auto op = m_cutDb->as(QStringLiteral("operator"));
            exec::BatchExecutor(*op, m_cut->batchId().toLongLong()).startOrResume();
            op->query(QStringLiteral("SELECT payops.bind_destination($1::bigint, $2, $3)"),
                      {m_cut->batchId(), QLatin1String(test::ExactlyOnceRefunds::kDestination),
                       exec::credentialFingerprint(FakeProvider::defaultKey())});
            const auto sent =
                op->query(QStringLiteral("SELECT item_no, idempotency_key FROM "
                                         "payops.begin_send($1::bigint, 2) ORDER BY item_no"),
                          {m_cut->batchId()});
            QCOMPARE(sent.rows.size(), 2);
            m_cutKeys[0] = sent.rows[0][1];
            m_cutKeys[1] = sent.rows[1][1];
            m_keyEntry = exec::providerKeyName(
                ops::readBinding(*op), QLatin1String(test::ExactlyOnceRefunds::kDestination));
            // A batch the same operator built and submitted, not approved yet.
            m_cutDb->owner()->executeScript(
                QStringLiteral("INSERT INTO public.charges VALUES (5, 1005, 'ch_5', 1000, 'USD')"));
            const QString caseId = test::ScratchPayops::value(
                *op, QStringLiteral("SELECT payops.create_case('waiting', 'low')"));
            const QString batch = test::ScratchPayops::value(
                *op,
                QStringLiteral(
                    "SELECT payops.create_batch($1::bigint, 'refund', 'not approved', 'test')"),
                {caseId});
            op->query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
                      {batch, QString::fromLatin1(kWaitingItem)});
            test::ScratchPayops::value(
                *op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
            m_waiting = batch.toLongLong();
        }
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void cleanupTestCase()
    {
        offThread([this] {
            m_cut.reset();
            m_cutDb.reset();
            m_refunds.reset();
            m_db.reset();
        });
    }

    void unknownItemsAreListedApartAndReconciled()
    {
        qputenv("PAYOPS_PROVIDER_KEY", FakeProvider::defaultKey().toUtf8());
        const qint64 batch = m_refunds->batchId().toLongLong();
        auto window = windowAs(*m_db, QStringLiteral("operator"), QStringLiteral("operator"));

        // The operator who built it finds it ready in Approvals and opens its run.
        QueryTableModel *queue = window->approvalsModel();
        QTRY_VERIFY_WITH_TIMEOUT(queue->rowCount() > 0 && !queue->isLoading(), 30000);
        int row = -1;
        for (int r = 0; r < queue->rowCount(); ++r)
            if (queue->rawValue(r, 0).toLongLong() == batch)
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(queue->rawValue(row, 1), QStringLiteral("ready to execute"));
        ApprovalsPanel *approvals = window->approvalsPanel();
        approvals->table()->setCurrentIndex(queue->index(row, 0));
        QVERIFY2(approvals->runButton()->isEnabled(),
                 qPrintable(approvals->runButton()->toolTip()));
        QTest::mouseClick(approvals->runButton(), Qt::LeftButton);
        auto *dialog = window->findChild<MoneyRunDialog *>();
        QVERIFY(dialog);
        QSignalSpy shown(dialog, &MoneyRunDialog::openItemsShown);
        QVERIFY(shown.wait(30000));

        // Where the money goes, before anything is sent.
        QVERIFY2(dialog->destinationLabel()->text().contains(QStringLiteral("fake-psp")) &&
                     dialog->destinationLabel()->text().contains(m_provider.url().toString()),
                 qPrintable(dialog->destinationLabel()->text()));
        QCOMPARE(dialog->environmentLabel()->text(), QStringLiteral("test"));
        QVERIFY2(dialog->adapterLabel()->text().contains(QStringLiteral("over HTTP")),
                 qPrintable(dialog->adapterLabel()->text()));
        QCOMPARE(dialog->executeButton()->text(), QStringLiteral("Execute"));
        QCOMPARE(counted(dialog->counts(), QStringLiteral("Still to send")), kItems);
        QVERIFY(m_provider.ledger().isEmpty());

        // The provider books everything, but answers about half of it
        // ambiguously and cannot be asked what it holds.
        m_provider.setDelay(3000);
        m_provider.setAmbiguousShare(0.5, 20261202);
        m_provider.setLookupsFail(true);
        runBy(dialog, dialog->executeButton());
        QCOMPARE(m_provider.ledger().size(), kItems);
        const exec::ItemCounts first = dialog->lastCounts();
        QVERIFY2(first.unknown + first.sending > 0, qPrintable(first.describe()));
        QVERIFY2(first.applied > 0, qPrintable(first.describe()));
        QCOMPARE(first.applied + first.unknown + first.sending, kItems);
        QCOMPARE(dialog->setup().review.state, QStringLiteral("executing"));
        QCOMPARE(dialog->executeButton()->text(), QStringLiteral("Resume"));
        QVERIFY2(dialog->state()->text().contains(QStringLiteral("Reconcile looks them up")),
                 qPrintable(dialog->state()->text()));
        QCOMPARE(counted(dialog->counts(), QStringLiteral("Sent, outcome not known yet")),
                 first.unknown);

        shot(dialog, QStringLiteral("unknown"));
        // Listed apart: each with its amount in words and the key it went under.
        OpenItemsPanel *open = dialog->openItems();
        OpenItemsModel *unknown = open->unknownModel();
        QVERIFY(open->unknownBox()->isVisibleTo(dialog));
        QVERIFY(!open->absentBox()->isVisibleTo(dialog));
        QCOMPARE(unknown->rowCount(), int(first.unknown + first.sending));
        QCOMPARE(header(unknown, 1), QStringLiteral("Amount"));
        QCOMPARE(header(unknown, 3), QStringLiteral("Sent under the key"));
        for (int r = 0; r < unknown->rowCount(); ++r) {
            QCOMPARE(cell(unknown, r, 1), QStringLiteral("10.00 USD"));
            QVERIFY2(
                cell(unknown, r, 3).startsWith(QStringLiteral("payops-")) &&
                    cell(unknown, r, 3).endsWith(QStringLiteral("-i%1").arg(cell(unknown, r, 0))),
                qPrintable(cell(unknown, r, 3)));
            QCOMPARE(cell(unknown, r, 5), QStringLiteral("sent, no definitive answer yet"));
        }

        // The provider answers again: Reconcile asks it, sends nothing.
        m_provider.setAmbiguousShare(0, 0);
        m_provider.setLookupsFail(false);
        QVERIFY2(open->reconcileButton()->isEnabled(),
                 qPrintable(open->reconcileButton()->toolTip()));
        const int posts =
            int(std::count_if(m_provider.requests().cbegin(), m_provider.requests().cend(),
                              [](const FakeProvider::Request &r) { return r.method == u"POST"; }));
        runBy(dialog, open->reconcileButton());
        QCOMPARE(
            int(std::count_if(m_provider.requests().cbegin(), m_provider.requests().cend(),
                              [](const FakeProvider::Request &r) { return r.method == u"POST"; })),
            posts);
        QCOMPARE(dialog->lastCounts().applied, kItems);
        QCOMPARE(counted(dialog->counts(), QStringLiteral("Succeeded at the provider")), kItems);
        QCOMPARE(dialog->setup().review.state, QStringLiteral("done"));
        QCOMPARE(unknown->rowCount(), 0);
        QVERIFY(!open->unknownBox()->isVisibleTo(dialog));
        QVERIFY2(!dialog->executeButton()->isEnabled() &&
                     dialog->executeButton()->toolTip().contains(QStringLiteral("has ended")),
                 qPrintable(dialog->executeButton()->toolTip()));

        // The provider's ledger: one refund per item, under its own key.
        QString problem;
        offThread([&] { problem = m_refunds->verify(m_provider); });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(m_provider.succeededCount(), kItems);
        QCOMPARE(m_provider.totalsPerCurrency().value(QStringLiteral("USD")),
                 kItems * test::ExactlyOnceRefunds::kAmountMinor);
        dialog->close();
    }

    void anAbsentItemIsDecidedFromTheConsole()
    {
        // The key from the secret store, under payops provider-key's entry.
        qunsetenv("PAYOPS_PROVIDER_KEY");
        QObject context;
        m_console.secrets().writePassword(m_keyEntry, FakeProvider::defaultKey(), &context,
                                          [&](const secrets::SecretResult &) {
                                              context.setObjectName(QStringLiteral("stored"));
                                          });
        QTRY_COMPARE(context.objectName(), QStringLiteral("stored"));
        m_provider.clear();
        const qint64 batch = m_cut->batchId().toLongLong();
        // The provider's window (a second here) has passed since the cut.
        QTest::qWait(1200);
        auto window = windowAs(*m_cutDb, QStringLiteral("operator"), QStringLiteral("operator"));
        MoneyRunDialog *dialog = runOf(*window, batch);
        QCOMPARE(dialog->executeButton()->text(), QStringLiteral("Resume"));
        runBy(dialog, dialog->executeButton());
        // Items 3 and 4 went; 1 and 2 are not at the provider.
        QCOMPARE(m_provider.ledger().size(), 2);
        OpenItemsPanel *open = dialog->openItems();
        OpenItemsModel *absent = open->absentModel();
        QVERIFY(open->absentBox()->isVisibleTo(dialog));
        QCOMPARE(absent->rowCount(), 2);
        QCOMPARE(cell(absent, 0, 0), QStringLiteral("1"));
        QCOMPARE(cell(absent, 0, 1), QStringLiteral("10.00 USD"));
        QCOMPARE(cell(absent, 0, 3), m_cutKeys[0]);
        QCOMPARE(cell(absent, 1, 3), m_cutKeys[1]);
        QCOMPARE(cell(absent, 0, 5), QStringLiteral("the provider has nothing under its key"));
        QVERIFY2(dialog->state()->text().contains(
                     QStringLiteral("2 items: the provider has nothing under their keys")),
                 qPrintable(dialog->state()->text()));

        shot(dialog, QStringLiteral("absent"));
        // A decision needs an item and a reason; the buttons say so.
        QPushButton *again = open->sendAgainButton();
        QPushButton *failed = open->markFailedButton();
        QVERIFY(!again->isEnabled() && !failed->isEnabled());
        QCOMPARE(again->toolTip(), QStringLiteral("Pick an item in the list first."));
        open->absentTable()->selectRow(0);
        QVERIFY(!again->isEnabled());
        QVERIFY2(again->toolTip().startsWith(QStringLiteral("Say why first")),
                 qPrintable(again->toolTip()));
        QTest::keyClicks(open->absentReason(), QStringLiteral("cut off by a crash; never booked"));
        QVERIFY2(again->isEnabled(), qPrintable(again->toolTip()));
        decideBy(dialog, again);
        QCOMPARE(absent->rowCount(), 1);
        QCOMPARE(open->unknownModel()->rowCount(), 1);
        QVERIFY2(cell(open->unknownModel(), 0, 5)
                     .startsWith(QStringLiteral("to be sent again under its key on the next run")),
                 qPrintable(cell(open->unknownModel(), 0, 5)));

        open->absentTable()->selectRow(0);
        QCOMPARE(cell(absent, 0, 0), QStringLiteral("2"));
        QTest::keyClicks(open->absentReason(), QStringLiteral("the customer was refunded by hand"));
        QVERIFY2(failed->isEnabled(), qPrintable(failed->toolTip()));
        decideBy(dialog, failed);
        QCOMPARE(absent->rowCount(), 0);
        QVERIFY(!open->absentBox()->isVisibleTo(dialog));

        // The next run sends item 1 under the key it was first given.
        runBy(dialog, dialog->executeButton());
        QCOMPARE(dialog->setup().review.state, QStringLiteral("partly_failed"));
        QCOMPARE(dialog->lastCounts().applied, 3);
        QCOMPARE(dialog->lastCounts().failed, 1);
        QCOMPARE(m_provider.ledger().size(), 3);
        QCOMPARE(m_provider.postsFor(m_cutKeys[0]), 1);
        QCOMPARE(m_provider.postsFor(m_cutKeys[1]), 0);
        QCOMPARE(m_provider.succeededCount(), 3);
        QStringList second;
        offThread([&] {
            second = m_cutDb->owner()
                         ->query(QStringLiteral("SELECT state, reason, detail FROM "
                                                "payops.item_runs WHERE batch_id = $1::bigint "
                                                "AND item_no = 2"),
                                 {m_cut->batchId()})
                         .rows.value(0);
        });
        QCOMPARE(second,
                 (QStringList{QStringLiteral("failed"), QStringLiteral("absent_at_provider"),
                              QStringLiteral("the customer was refunded by hand")}));
        dialog->close();
    }

    void aBatchNotYetApprovedCannotBeRun()
    {
        auto window = windowAs(*m_cutDb, QStringLiteral("operator"), QStringLiteral("operator"));
        // In Approvals, Run… says why.
        QueryTableModel *queue = window->approvalsModel();
        QTRY_VERIFY_WITH_TIMEOUT(queue->rowCount() > 0 && !queue->isLoading(), 30000);
        int row = -1;
        for (int r = 0; r < queue->rowCount(); ++r)
            if (queue->rawValue(r, 0).toLongLong() == m_waiting)
                row = r;
        QVERIFY(row >= 0);
        ApprovalsPanel *approvals = window->approvalsPanel();
        approvals->table()->setCurrentIndex(queue->index(row, 0));
        QVERIFY(!approvals->runButton()->isEnabled());
        QCOMPARE(approvals->runButton()->toolTip(),
                 QStringLiteral("Batch %1 is waiting for an approver: it runs once approved.")
                     .arg(m_waiting));

        // Its run panel, opened anyway, shows where the money would go and
        // refuses to run it, saying why.
        MoneyRunDialog *dialog = runOf(*window, m_waiting);
        QVERIFY(dialog->destinationLabel()->text().contains(QStringLiteral("fake-psp")));
        QVERIFY(!dialog->executeButton()->isEnabled());
        QVERIFY2(dialog->executeButton()->toolTip().contains(
                     QStringLiteral("waits for approval: it runs only once finance")),
                 qPrintable(dialog->executeButton()->toolTip()));
        QCOMPARE(dialog->state()->text(), dialog->executeButton()->toolTip());
        QCOMPARE(counted(dialog->counts(), QStringLiteral("Total")), 0);
        dialog->close();

        // An approver may look, not run.
        auto approver = windowAs(*m_cutDb, QStringLiteral("approver"), QStringLiteral("approver"));
        MoneyRunDialog *theirs = runOf(*approver, m_cut->batchId().toLongLong());
        QVERIFY(!theirs->executeButton()->isEnabled());
        QCOMPARE(theirs->executeButton()->toolTip(),
                 QStringLiteral("Money batches are run by an operator (payops grant operator); "
                                "you are signed in as an approver."));
        theirs->close();
    }
};

QTEST_MAIN(TestMoneyRun)
#include "test_money_run.moc"
