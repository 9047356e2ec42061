// Refunds written by the ledger adapter: into the billing database's own
// refunds table through the apply functions, the refund row and the item's
// state committed together, and capped by the database like any refund. On
// a copy of the demo: twenty charges refunded once; a second batch for the
// same charges, approved before the first ran, finds nothing left to
// refund and writes nothing; two items of one batch against one charge,
// in one chunk, take no more than it holds; a plan that leaves a required
// column without a value is refused, naming it.
#include "db/sql_text.h"
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace payops;

namespace {

const QString kCharges = QStringLiteral(
    "SELECT p.id AS charge FROM payments p WHERE p.status = 'succeeded' AND p.account_id <> 1 "
    "AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id) ORDER BY p.id LIMIT 20");

} // namespace

class TestMoneyLedger : public QObject
{
    Q_OBJECT

    QString m_copy;
    std::unique_ptr<db::Session> m_admin;

    QString uri(const QString &person) const
    {
        return test::demoCluster().socketUri(person + u':' + person, m_copy);
    }
    test::CliRun as(const QString &person, QStringList arguments) const
    {
        return test::runCli(arguments << QStringLiteral("--db") << uri(person));
    }
    QString value(const QString &sql) const { return test::adminValue(sql, m_copy); }
    QString planLedger(const QString &caseId, const QStringList &extra = {}) const
    {
        const test::CliRun planned =
            as(QStringLiteral("oncall"),
               QStringList{QStringLiteral("money"), QStringLiteral("plan"),
                           QStringLiteral("refund"), QStringLiteral("--ledger"),
                           QStringLiteral("--charges-of-rows"), kCharges, QStringLiteral("--case"),
                           caseId, QStringLiteral("--format"), QStringLiteral("json")} +
                   extra);
        if (planned.exitCode != 0)
            return QStringLiteral("error: ") + QString::fromUtf8(planned.err);
        return QString::number(
            QJsonDocument::fromJson(planned.out).object()[QStringLiteral("batch")].toInteger());
    }
    void approve(const QString &batch) const
    {
        const test::CliRun submitted = as(
            QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("submit"), batch});
        const QString hash = QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
                                 .match(QString::fromUtf8(submitted.out))
                                 .captured(0);
        const test::CliRun approved =
            as(QStringLiteral("finance"), {QStringLiteral("batch"), QStringLiteral("approve"),
                                           batch, QStringLiteral("--hash"), hash});
        QVERIFY2(approved.out.contains("approved"), (approved.out + approved.err).constData());
    }

private slots:
    void initTestCase()
    {
        m_copy = QStringLiteral("money_ledger_%1").arg(QCoreApplication::applicationPid());
        db::SessionOptions writable;
        writable.readOnly = false;
        m_admin = std::make_unique<db::Session>(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres"))),
            QString(), writable);
        m_admin->executeScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill")
                                   .arg(db::quoteIdent(m_copy)));
    }
    void cleanupTestCase()
    {
        m_admin->executeScript(
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db::quoteIdent(m_copy)));
    }

    void aRequiredColumnWithoutAValueIsNamed()
    {
        const QString caseId =
            QString::fromUtf8(
                as(QStringLiteral("oncall"), {QStringLiteral("case"), QStringLiteral("open"),
                                              QStringLiteral("--title"), QStringLiteral("x")})
                    .out)
                .trimmed()
                .section(u'=', 1);
        const QString refused = planLedger(caseId);
        QVERIFY2(refused.contains(QStringLiteral("needs a value for reason, source_app")),
                 qPrintable(refused));
        QVERIFY2(refused.contains(QStringLiteral("--ledger-set COLUMN=VALUE")),
                 qPrintable(refused));
    }

    void chargesAreRefundedOnceInTheLedger()
    {
        const QString caseId =
            QString::fromUtf8(as(QStringLiteral("oncall"),
                                 {QStringLiteral("case"), QStringLiteral("open"),
                                  QStringLiteral("--title"), QStringLiteral("Ledger refunds")})
                                  .out)
                .trimmed()
                .section(u'=', 1);
        const QStringList values = {
            QStringLiteral("--ledger-set"), QStringLiteral("reason=payops refund"),
            QStringLiteral("--ledger-set"), QStringLiteral("source_app=payops"),
            QStringLiteral("--ledger-set"), QStringLiteral("source_env=production")};
        const QString refundable = value(QStringLiteral("SELECT sum(amount_minor) FROM (%1) c JOIN "
                                                        "payments p ON p.id = c.charge")
                                             .arg(kCharges));
        // Two batches for the same charges, both planned before either runs
        // (the second is submitted once the first has ended: two pending
        // batches over the same rows are refused by the two-person rule).
        const QString first = planLedger(caseId, values);
        const QString second = planLedger(caseId, values);
        QVERIFY2(!first.startsWith(u"error") && !second.startsWith(u"error"),
                 qPrintable(first + second));
        approve(first);
        const test::CliRun ranFirst =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), first});
        QVERIFY2(ranFirst.out.contains("is done: 20 applied"), ranFirst.out.constData());
        QCOMPARE(value(QStringLiteral("SELECT count(*) || '/' || sum(amount_minor) FROM refunds "
                                      "WHERE source_app = 'payops'")),
                 QStringLiteral("20/") + refundable);
        // Nothing is left to refund: every item of the second is refused.
        approve(second);
        const test::CliRun ranSecond =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), second});
        QVERIFY2(ranSecond.out.contains("partly_failed"), ranSecond.out.constData());
        QCOMPARE(value(QStringLiteral("SELECT count(*) FILTER (WHERE reason = 'above_cap') || '/' "
                                      "|| count(*) FROM payops.item_runs WHERE batch_id = %1")
                           .arg(second)),
                 QStringLiteral("20/20"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM refunds WHERE source_app = 'payops'")),
                 QStringLiteral("20"));
    }

    // The caps are read once a chunk: an item must still see what the items
    // before it in the same chunk took from the same charge.
    void twoItemsOfOneChunkTakeNoMoreThanTheChargeHolds()
    {
        const QString caseId =
            QString::fromUtf8(as(QStringLiteral("oncall"),
                                 {QStringLiteral("case"), QStringLiteral("open"),
                                  QStringLiteral("--title"), QStringLiteral("Two halves")})
                                  .out)
                .trimmed()
                .section(u'=', 1);
        const QString charge = value(
            QStringLiteral("SELECT p.id FROM payments p WHERE p.status = 'succeeded' AND "
                           "p.amount_minor >= 100 AND NOT EXISTS (SELECT 1 FROM refunds r WHERE "
                           "r.payment_id = p.id) ORDER BY p.id DESC LIMIT 1"));
        const QString amount =
            value(QStringLiteral("SELECT amount_minor FROM payments WHERE id = %1").arg(charge));
        const test::CliRun planned =
            as(QStringLiteral("oncall"),
               {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("refund"),
                QStringLiteral("--ledger"), QStringLiteral("--charges-of-rows"),
                QStringLiteral("SELECT %1::bigint AS charge").arg(charge), QStringLiteral("--case"),
                caseId, QStringLiteral("--format"), QStringLiteral("json"),
                QStringLiteral("--ledger-set"), QStringLiteral("reason=payops refund"),
                QStringLiteral("--ledger-set"), QStringLiteral("source_app=payops-halves"),
                QStringLiteral("--ledger-set"), QStringLiteral("source_env=production")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QString whole = QString::number(
            QJsonDocument::fromJson(planned.out).object()[QStringLiteral("batch")].toInteger());
        // The same refund twice at 60% each, under two new refund ids, built
        // by the operator in plain SQL into a batch of their own.
        db::SessionOptions writable;
        writable.readOnly = false;
        auto oncall =
            std::make_unique<db::Session>(ConnectionProfile::fromUri(uri(QStringLiteral("oncall"))),
                                          QString(), writable, QStringLiteral("test"));
        const QString sixty = QString::number(amount.toLongLong() * 6 / 10);
        const QString halves =
            oncall
                ->query(QStringLiteral(
                            "SELECT payops.create_batch(case_id, kind, 'two 60% refunds of one "
                            "charge', environment) FROM payops.batches WHERE id = $1::bigint"),
                        {whole})
                .rows[0][0];
        oncall->query(
            QStringLiteral(
                "SELECT payops.add_batch_items($1::bigint, jsonb_agg(jsonb_build_object("
                "'target_table', i.target_table, 'target_key', jsonb_build_object('id', "
                "k.id)::text, "
                "'amount_minor', $3::bigint, 'currency', i.currency, 'change', "
                "jsonb_set(jsonb_set(i.change, '{row,id}', to_jsonb(k.id)), '{row,amount_minor}', "
                "to_jsonb($3::text))) ORDER BY k.id)) FROM payops.batch_items i, "
                "(SELECT max(id) + n AS id FROM refunds, generate_series(1, 2) n GROUP BY n) k "
                "WHERE i.batch_id = $2::bigint"),
            {halves, whole, sixty});
        approve(halves);
        const test::CliRun ran =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), halves});
        QVERIFY2(ran.out.contains("partly_failed"), (ran.out + ran.err).constData());
        QCOMPARE(value(QStringLiteral("SELECT string_agg(r.state || coalesce('/' || r.reason, ''), "
                                      "' ' ORDER BY r.item_no) FROM payops.item_runs r WHERE "
                                      "r.batch_id = %1")
                           .arg(halves)),
                 QStringLiteral("applied conflict/above_cap"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) || '/' || sum(amount_minor) FROM refunds "
                                      "WHERE payment_id = %1")
                           .arg(charge)),
                 QStringLiteral("1/") + sixty);
    }
};

QTEST_GUILESS_MAIN(TestMoneyLedger)
#include "test_money_ledger.moc"
