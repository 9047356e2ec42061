// Money sent to a payment provider exactly once, tested against a real
// local HTTP server of the test's own that misbehaves on purpose
// (support/fake_provider.h): its ledger is the ground truth.
//  - the HTTP adapter reads each answer as the provider meant it, and Qt's
//    transport never resends a POST whose answer was lost;
//  - credentials of another environment, and a refund above what may still
//    be refunded, are refused before anything is sent;
//  - the executor killed with SIGKILL at 100 random moments of a
//    10,000-item batch, with a tenth of the answers lost, failed or late
//    after success, resumes and reconciles: the provider holds exactly one
//    refund per item, and no item went out twice without a lookup that
//    found nothing first;
//  - on the demo, the 475 wrong charges of incident 2 refunded through the
//    HTTP adapter: 475 refunds totalling 73,271.36 USD at the provider.
#include "core/user_error.h"
#include "db/sql_text.h"
#include "exec/adapters/http_adapter.h"
#include "exec/money_destinations.h"
#include "exec/money_executor.h"
#include "ops/role_grants.h"
#include "support/cli_run.h"
#include "support/exactly_once_refunds.h"
#include "support/fake_provider.h"
#include "support/kill_loop.h"
#include "support/scratch_payops.h"
#include "support/test_demo.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace payops;
using test::FakeProvider;

namespace {

exec::HttpAdapter::Settings settingsFor(const FakeProvider &provider,
                                        const QString &environment = QStringLiteral("test"),
                                        int timeoutMs = 2000)
{
    exec::HttpAdapter::Settings s;
    s.baseUrl = provider.url();
    s.apiKey = provider.apiKey();
    s.environment = environment;
    s.destination = QLatin1String(test::ExactlyOnceRefunds::kDestination);
    s.concurrency = 8;
    s.timeoutMs = timeoutMs;
    return s;
}

exec::ProviderItem item(int n, const QString &key)
{
    return {n,
            key,
            QStringLiteral("refund"),
            QStringLiteral("ch_%1").arg(n),
            1000,
            QStringLiteral("USD"),
            QStringLiteral("refund %1").arg(n)};
}

} // namespace

class TestMoneyHttp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qputenv("PAYOPS_PROVIDER_KEY", "sk_test_fake"); }

    void theTransportNeverResendsALostPost()
    {
        FakeProvider provider;
        QVERIFY(provider.isListening());
        provider.setMode(FakeProvider::Mode::LostAfterSuccess);
        exec::HttpAdapter adapter(settingsFor(provider));
        const auto answers = adapter.send({item(1, QStringLiteral("k-lost"))});
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].outcome, exec::ProviderAnswer::Outcome::Unknown);
        QCOMPARE(provider.postsFor(QStringLiteral("k-lost")), 1);
        QCOMPARE(provider.succeededCount(), 1);
        // The lookup by key says what happened.
        provider.setMode(FakeProvider::Mode::Normal);
        const auto found = adapter.lookUp({item(1, QStringLiteral("k-lost"))});
        QCOMPARE(found[0].outcome, exec::ProviderAnswer::Outcome::Succeeded);
        QCOMPARE(found[0].reference, provider.ledger().value(0).providerId);
        QCOMPARE(provider.postsFor(QStringLiteral("k-lost")), 1);
    }

    void answersAreReadAsTheProviderMeantThem()
    {
        FakeProvider provider;
        exec::HttpAdapter adapter(settingsFor(provider, QStringLiteral("test"), 300));
        using O = exec::ProviderAnswer::Outcome;
        QCOMPARE(adapter.send({item(1, QStringLiteral("k1"))})[0].outcome, O::Succeeded);
        // The same key with another body: refused for good, nothing booked.
        exec::ProviderItem other = item(1, QStringLiteral("k1"));
        other.amountMinor = 999;
        const auto reused = adapter.send({other});
        QCOMPARE(reused[0].outcome, O::Failed);
        QCOMPARE(reused[0].reason, QStringLiteral("idempotency_key_reused"));
        provider.setMode(FakeProvider::Mode::Refuse);
        const auto refused = adapter.send({item(2, QStringLiteral("k2"))});
        QCOMPARE(refused[0].outcome, O::Failed);
        QCOMPARE(refused[0].reason, QStringLiteral("card_declined"));
        provider.setMode(FakeProvider::Mode::ServerErrorAfterSuccess);
        QCOMPARE(adapter.send({item(3, QStringLiteral("k3"))})[0].outcome, O::Unknown);
        provider.setDelay(1500);
        provider.setMode(FakeProvider::Mode::TimeoutAfterSuccess);
        QCOMPARE(adapter.send({item(4, QStringLiteral("k4"))})[0].outcome, O::Unknown);
        provider.setMode(FakeProvider::Mode::Normal);
        const auto looked =
            adapter.lookUp({item(3, QStringLiteral("k3")), item(4, QStringLiteral("k4")),
                            item(5, QStringLiteral("k-never"))});
        QCOMPARE(looked[0].outcome, O::Succeeded);
        QCOMPARE(looked[1].outcome, O::Succeeded);
        QCOMPARE(looked[2].outcome, O::Absent);
        QCOMPARE(provider.succeededCount(), 3);
    }

    void wrongCredentialsAreRefusedBeforeAnythingIsSent()
    {
        FakeProvider provider;
        exec::HttpAdapter::Settings s = settingsFor(provider);
        s.apiKey = QStringLiteral("sk_live_wrong");
        exec::HttpAdapter adapter(s);
        const QString message = test::errorOf([&] { adapter.checkAccess(); });
        QVERIFY2(message.contains(QStringLiteral("refused the API key")), qPrintable(message));
        QCOMPARE(provider.ledger().size(), 0);
    }

    void productionCredentialsMoveNothingForAStagingDatabase()
    {
        test::ScratchPayops db(QStringLiteral("moneyenv"));
        FakeProvider provider;
        const test::ExactlyOnceRefunds refunds(db, 5, provider.url(), QStringLiteral("staging"));
        // A production destination cannot even be registered here.
        const QString registering = test::errorOf([&] {
            exec::registerMoneyDestination(
                *db.owner(), {QStringLiteral("psp-live"), QStringLiteral("http"),
                              provider.url().toString(), QStringLiteral("production"),
                              exec::credentialFingerprint(QStringLiteral("sk_live_production"))});
        });
        QVERIFY2(registering.contains(QStringLiteral(
                     "this database declares itself staging; a production destination is refused")),
                 qPrintable(registering));
        auto op = db.as(QStringLiteral("operator"));
        exec::MoneyExecutor executor(*op, refunds.batchId().toLongLong());
        executor.startOrResume();
        // The production key, which the provider itself would take.
        FakeProvider live(QStringLiteral("sk_live_production"));
        exec::HttpAdapter::Settings production = settingsFor(live, QStringLiteral("production"));
        production.apiKey = QStringLiteral("sk_live_production");
        exec::HttpAdapter wrong(production);
        const QString message = test::errorOf([&] { executor.run(wrong); });
        QVERIFY2(message.contains(QStringLiteral("the credential offered is not the one "
                                                 "registered for fake-psp (staging)")),
                 qPrintable(message));
        QCOMPARE(live.requests().size(), 0);
        QCOMPARE(provider.requests().size(), 0);
        QCOMPARE(test::ScratchPayops::value(
                     *db.owner(), QStringLiteral("SELECT count(*) FROM payops.item_runs WHERE "
                                                 "state <> 'pending'")),
                 QStringLiteral("0"));
        // With plain SQL: no binding, no send; a forged fingerprint, no binding.
        QVERIFY(test::ScratchPayops::refusal(
                    *op, QStringLiteral("SELECT * FROM payops.begin_send($1::bigint, 5)"),
                    {refunds.batchId()})
                    .contains(QStringLiteral("has not bound it to its destination")));
        QVERIFY(test::ScratchPayops::refusal(
                    *op,
                    QStringLiteral("SELECT payops.bind_destination($1::bigint, 'fake-psp', "
                                   "repeat('0', 64))"),
                    {refunds.batchId()})
                    .contains(QStringLiteral("not the one registered")));
        QVERIFY(test::ScratchPayops::refusal(
                    *op, QStringLiteral("INSERT INTO payops.money_destinations VALUES ('evil', "
                                        "'http', 'http://evil', 'staging', repeat('0', 64))"))
                    .contains(QStringLiteral("permission denied")));
        // The staging key then sends every item once.
        exec::HttpAdapter right(settingsFor(provider, QStringLiteral("staging")));
        const exec::MoneyReport report = executor.run(right);
        QCOMPARE(report.execution.batchState, QStringLiteral("done"));
        QCOMPARE(provider.succeededCount(), 5);
        QVERIFY(refunds.verify(provider).isEmpty());
    }

    void aRefundAboveWhatMayStillBeRefundedIsNeverSent()
    {
        test::ScratchPayops db(QStringLiteral("moneycap"));
        FakeProvider provider;
        const test::ExactlyOnceRefunds first(db, 3, provider.url());
        {
            auto op = db.as(QStringLiteral("operator"));
            exec::MoneyExecutor executor(*op, first.batchId().toLongLong());
            executor.startOrResume();
            exec::HttpAdapter adapter(settingsFor(provider));
            QCOMPARE(executor.run(adapter).execution.batchState, QStringLiteral("done"));
        }
        // The same charge refunded again: nothing is left to refund.
        auto op = db.as(QStringLiteral("operator"));
        const QString caseId = test::ScratchPayops::value(
            *op, QStringLiteral("SELECT payops.create_case('again', 'high')"));
        const QString batch = test::ScratchPayops::value(
            *op,
            QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'again', 'test')"),
            {caseId});
        op->query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
                  {batch, QStringLiteral("[{\"target_table\": \"public.charges\", \"target_key\": "
                                         "\"{\\\"id\\\": 1}\", \"amount_minor\": 500, "
                                         "\"currency\": \"USD\", \"change\": {\"op\": \"send\", "
                                         "\"operation\": \"refund\", \"payment\": \"ch_1\", "
                                         "\"destination\": \"fake-psp\"}}]")});
        const QString hash = test::ScratchPayops::value(
            *op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
        db.as(QStringLiteral("approver"))
            ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {batch, hash});
        exec::MoneyExecutor executor(*op, batch.toLongLong());
        executor.startOrResume();
        exec::HttpAdapter adapter(settingsFor(provider));
        const exec::MoneyReport report = executor.run(adapter);
        QCOMPARE(report.execution.batchState, QStringLiteral("partly_failed"));
        QCOMPARE(
            test::ScratchPayops::value(*db.owner(),
                                       QStringLiteral("SELECT reason FROM payops.item_runs WHERE "
                                                      "batch_id = $1::bigint"),
                                       {batch}),
            QStringLiteral("above_cap"));
        QCOMPARE(provider.ledger().size(), 3);
    }

    void killedAtRandomMomentsEveryItemIsRefundedOnce()
    {
        test::ScratchPayops db(QStringLiteral("moneykill"));
        FakeProvider provider;
        const test::ExactlyOnceRefunds refunds(db, 10000, provider.url());
        provider.setDelay(1000);
        provider.setAmbiguousShare(0.10, quint32(QCoreApplication::applicationPid()));
        refunds.begin();
        const QStringList run = {
            QStringLiteral("batch"),   QStringLiteral("run"),  refunds.batchId(),
            QStringLiteral("--chunk"), QStringLiteral("40"),   QStringLiteral("--timeout-ms"),
            QStringLiteral("300"),     QStringLiteral("--db"), db.uri(QStringLiteral("operator"))};
        const test::KillLoopReport report = test::runUnderKills(
            run, 100, 5, 300, [&] { return refunds.progressed(); },
            quint32(QCoreApplication::applicationPid()));
        qInfo("%d kills (%d while items moved), %d runs, %d ended early; %d requests so far",
              report.kills, report.killsMidWork, report.runs, report.refusedRuns,
              int(provider.requests().size()));
        QCOMPARE(report.kills, 100);
        QVERIFY2(report.killsMidWork >= 20, "too few kills landed while items moved");
        // Then as the operator would: run to the end; for each item the
        // provider has nothing under, decide to send it again (same key).
        int absentDecided = 0;
        for (int attempt = 0; attempt < 20; ++attempt) {
            const QStringList absent = refunds.absentItems();
            absentDecided += absent.size();
            refunds.sendAbsentItemsAgain();
            const test::CliRun last = test::runCli(run);
            if (last.out.contains(" is done"))
                break;
            // A lookup that finds nothing is believed after the window (1 s here).
            QTest::qWait(1200);
        }
        qInfo("%d items the provider had nothing under were sent again under their keys",
              absentDecided);
        const QString problem = refunds.verify(provider);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(provider.totalsPerCurrency().value(QStringLiteral("USD")),
                 10000 * test::ExactlyOnceRefunds::kAmountMinor);
    }

    void theWrongChargesOfIncidentTwoAreRefundedOnce()
    {
        const QString copy =
            QStringLiteral("money_demo_%1").arg(QCoreApplication::applicationPid());
        db::SessionOptions writable;
        writable.readOnly = false;
        db::Session admin(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres"))),
            QString(), writable);
        admin.executeScript(
            QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill").arg(db::quoteIdent(copy)));
        const auto drop = qScopeGuard([&] {
            admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                    .arg(db::quoteIdent(copy)));
        });
        const QString oncall = test::demoCluster().socketUri(QStringLiteral("oncall:oncall"), copy);
        const QString finance =
            test::demoCluster().socketUri(QStringLiteral("finance:finance"), copy);
        const QJsonObject truth =
            test::manifest()[QStringLiteral("incidents")][QStringLiteral("wrong_customer_charges")]
                .toObject();
        const QSet<qint64> charges =
            test::idSet(truth[QStringLiteral("rows")][QStringLiteral("payments")]);
        QCOMPARE(charges.size(), 475);
        // The finding of new subscriptions on closed accounts, and their charges.
        const test::CliRun scan =
            test::runCli({QStringLiteral("scan"), QStringLiteral("--format"),
                          QStringLiteral("json"), QStringLiteral("--db"), oncall});
        QString rows;
        for (const QJsonValue &f :
             QJsonDocument::fromJson(scan.out).object()[QStringLiteral("findings")].toArray())
            if (f[QStringLiteral("title")].toString().contains(
                    QStringLiteral("new subscriptions on closed accounts")))
                rows = f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        QVERIFY2(!rows.isEmpty(), "no finding of new subscriptions on closed accounts");
        const QString chargesSql =
            QStringLiteral("SELECT p.id AS charge FROM payments p JOIN orders o ON o.id = "
                           "p.order_id WHERE o.subscription_id IN (SELECT f.row_key FROM (\n%1\n) "
                           "AS f)")
                .arg(rows);
        const test::CliRun opened = test::runCli(
            {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--title"),
             QStringLiteral("Charges on closed accounts"), QStringLiteral("--db"), oncall});
        const QString caseId = QString::fromUtf8(opened.out).trimmed().section(u'=', 1);
        // Where the refunds go: the database owner registers the provider,
        // for the environment the demo declares, with its key's fingerprint.
        FakeProvider provider;
        const QString environment =
            test::adminValue(QStringLiteral("SELECT environment FROM payops.installation"), copy);
        const test::CliRun registered =
            test::runCli({QStringLiteral("allow-money"), QStringLiteral("--destination"),
                          QStringLiteral("demo-psp"), QStringLiteral("--adapter"),
                          QStringLiteral("http"), QStringLiteral("--address"),
                          provider.url().toString(), QStringLiteral("--environment"), environment,
                          QStringLiteral("--db"), test::demoCluster().adminUri(copy)});
        QVERIFY2(registered.exitCode == 0, registered.err.constData());
        // A plan for a provider names where its money goes.
        const test::CliRun nowhere =
            test::runCli({QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("refund"),
                          QStringLiteral("--charges-of-rows"), chargesSql, QStringLiteral("--case"),
                          caseId, QStringLiteral("--db"), oncall});
        QVERIFY2(nowhere.exitCode != 0 &&
                     nowhere.err.contains("A batch sent to a provider names its destination"),
                 nowhere.err.constData());
        const test::CliRun planned = test::runCli(
            {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("refund"),
             QStringLiteral("--charges-of-rows"), chargesSql, QStringLiteral("--case"), caseId,
             QStringLiteral("--destination"), QStringLiteral("demo-psp"),
             QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--db"), oncall});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QJsonObject plan = QJsonDocument::fromJson(planned.out).object();
        QCOMPARE(plan[QStringLiteral("items")].toArray().size(), 475);
        QCOMPARE(plan[QStringLiteral("totals_minor")][QStringLiteral("USD")].toString(),
                 QStringLiteral("7327136"));
        const QString batch = QString::number(plan[QStringLiteral("batch")].toInteger());
        const test::CliRun submitted =
            test::runCli({QStringLiteral("batch"), QStringLiteral("submit"), batch,
                          QStringLiteral("--db"), oncall});
        const QString hash = QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
                                 .match(QString::fromUtf8(submitted.out))
                                 .captured(0);
        const test::CliRun approved =
            test::runCli({QStringLiteral("batch"), QStringLiteral("approve"), batch,
                          QStringLiteral("--hash"), hash, QStringLiteral("--db"), finance});
        QVERIFY2(approved.exitCode == 0, approved.err.constData());
        // 73,271.36 USD needs a second approver: a colleague of finance's.
        const QString second =
            QStringLiteral("finance2_%1").arg(QCoreApplication::applicationPid());
        admin.executeScript(QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(second)));
        admin.executeScript(
            QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw'").arg(db::quoteIdent(second)));
        const auto dropRole = qScopeGuard([&] {
            admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                    .arg(db::quoteIdent(copy)));
            admin.executeScript(
                QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(second)));
        });
        {
            db::Session owner(ConnectionProfile::fromUri(test::demoCluster().adminUri(copy)),
                              QString(), writable);
            for (const QString &statement :
                 ops::grantStatements(QStringLiteral("approver"), second))
                owner.executeScript(statement);
        }
        if (approved.out.contains("submitted")) {
            const test::CliRun again =
                test::runCli({QStringLiteral("batch"), QStringLiteral("approve"), batch,
                              QStringLiteral("--hash"), hash, QStringLiteral("--db"),
                              test::demoCluster().socketUri(second + QStringLiteral(":pw"), copy)});
            QVERIFY2(again.exitCode == 0, again.err.constData());
        }
        const test::CliRun ran = test::runCli({QStringLiteral("batch"), QStringLiteral("run"),
                                               batch, QStringLiteral("--db"), oncall});
        QVERIFY2(ran.exitCode == 0, (ran.err + ran.out).constData());
        QVERIFY2(ran.out.contains(" is done"), ran.out.constData());
        QCOMPARE(provider.succeededCount(), 475);
        QCOMPARE(provider.totalsPerCurrency().value(QStringLiteral("USD")), 7327136);
        QSet<QString> refunded;
        for (const auto &entry : provider.ledger()) {
            QCOMPARE(entry.posts, 1);
            refunded.insert(entry.payment);
        }
        QCOMPARE(refunded.size(), 475);
        // Refunded under the charges' provider references, the incident's own.
        const QString refs = test::adminValue(
            QStringLiteral(
                "SELECT count(*) FROM payments WHERE provider_ref = ANY('{%1}') AND id = "
                "ANY('{%2}')")
                .arg(QStringList(refunded.cbegin(), refunded.cend()).join(u','),
                     [&] {
                         QStringList ids;
                         for (qint64 id : charges)
                             ids << QString::number(id);
                         return ids.join(u',');
                     }()),
            copy);
        QCOMPARE(refs, QStringLiteral("475"));
    }
};

QTEST_GUILESS_MAIN(TestMoneyHttp)
#include "test_money_http.moc"
