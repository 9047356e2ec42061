// The demo is the ground truth for every other test: check that the data
// really holds the five incidents with their published magnitudes, that the
// backup predates them, and that the investigation role cannot see the truth.
#include "core/user_error.h"
#include "support/test_demo.h"

#include <QJsonArray>
#include <QTest>

using namespace payops;

class TestDemoTruth : public QObject
{
    Q_OBJECT

    static QJsonObject incident(const QString &name)
    {
        return test::manifest()
            .value(QStringLiteral("incidents"))
            .toObject()
            .value(name)
            .toObject();
    }
    static QString idList(const QJsonValue &array)
    {
        QStringList ids;
        for (const QJsonValue &v : array.toArray())
            ids << QString::number(qint64(v.toDouble()));
        return ids.join(QLatin1Char(','));
    }

private slots:
    void wrongCustomerChargesMatchThePublishedFigures()
    {
        const QJsonObject i = incident(QStringLiteral("wrong_customer_charges"));
        QCOMPARE(qint64(i.value(QStringLiteral("totals"))
                            .toObject()
                            .value(QStringLiteral("USD"))
                            .toDouble()),
                 qint64(7327136));
        const QString ids =
            idList(i.value(QStringLiteral("rows")).toObject().value(QStringLiteral("payments")));
        const ResultTable r = test::adminSession()->query(
            QStringLiteral("SELECT count(*), count(DISTINCT p.account_id), sum(p.amount_minor), "
                           "min(p.created_at), max(p.created_at), "
                           "       bool_and(a.status IN ('cancelled', 'disabled')), "
                           "bool_and(p.currency = 'USD') "
                           "FROM payments p JOIN accounts a ON a.id = p.account_id WHERE p.id = "
                           "ANY (string_to_array($1, ',')::bigint[])"),
            {ids});
        QCOMPARE(r.rows[0][0], QStringLiteral("475"));
        QCOMPARE(r.rows[0][1], QStringLiteral("475"));
        QCOMPARE(r.rows[0][2], QStringLiteral("7327136"));
        QVERIFY(r.rows[0][3] >= QStringLiteral("2026-04-15 14:03") &&
                r.rows[0][4] < QStringLiteral("2026-04-15 14:52"));
        QCOMPARE(r.rows[0][5], QStringLiteral("t"));
        QCOMPARE(r.rows[0][6], QStringLiteral("t"));
    }

    void stagingRefundsMatchThePublishedFigures()
    {
        const ResultTable r = test::adminSession()->query(QStringLiteral(
            "SELECT count(*), sum(r.amount_minor), min(r.created_at), max(r.created_at), "
            "bool_and(r.amount_minor <= p.amount_minor), "
            "       bool_and(EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id)) "
            "FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.source_env = "
            "'staging'"));
        QCOMPARE(r.rows[0][0], QStringLiteral("10000"));
        QCOMPARE(r.rows[0][1], QStringLiteral("784000000"));
        QVERIFY(r.rows[0][2] >= QStringLiteral("2026-04-18 11:02") &&
                r.rows[0][3] < QStringLiteral("2026-04-18 12:02"));
        QCOMPARE(r.rows[0][4], QStringLiteral("t")); // no refund above its charge
        QCOMPARE(r.rows[0][5], QStringLiteral("t")); // every refunded payment has its order
        const QJsonObject i = incident(QStringLiteral("staging_refunds"));
        QCOMPARE(qint64(i.value(QStringLiteral("totals"))
                            .toObject()
                            .value(QStringLiteral("RUB"))
                            .toDouble()),
                 qint64(784000000));
    }

    void interestPaidTwiceToSeventyInvestors()
    {
        const ResultTable r = test::adminSession()->query(
            QStringLiteral("SELECT count(*), sum(dup) FROM ("
                           "  SELECT account_id, min(amount_minor) AS dup FROM interest_payouts "
                           "WHERE status = 'succeeded' "
                           "  GROUP BY account_id, period HAVING count(*) = 2 AND count(DISTINCT "
                           "channel) = 2) d"));
        QCOMPARE(r.rows[0][0], QStringLiteral("70"));
        const qint64 total = r.rows[0][1].toLongLong();
        QVERIFY2(total > 5800000 && total < 6200000,
                 "the duplicates should total about 60,000 CNY");
        const QJsonObject i = incident(QStringLiteral("double_interest"));
        QCOMPARE(i.value(QStringLiteral("user_count")).toInt(), 70);
        QCOMPARE(qint64(i.value(QStringLiteral("totals"))
                            .toObject()
                            .value(QStringLiteral("CNY"))
                            .toDouble()),
                 total);
        // Some of them moved the money on: less is recoverable than was paid.
        QVERIFY(
            test::adminValue(QStringLiteral("SELECT count(*) FROM balance_movements WHERE kind IN "
                                            "('withdrawal', 'reinvest') AND at >= '2026-04-25'"))
                .toInt() >= 10);
    }

    void deletionsAreASlowLeakOverFourteenDays()
    {
        const ResultTable r = test::adminSession()->query(
            QStringLiteral("SELECT date(at AT TIME ZONE 'UTC'), count(*) FROM account_events "
                           "WHERE kind = 'deleted' AND actor = 'sync-job' GROUP BY 1 ORDER BY 1"));
        QCOMPARE(r.rowCount(), 14);
        QCOMPARE(r.rows.first()[0], QStringLiteral("2026-04-10"));
        QCOMPARE(r.rows.last()[0], QStringLiteral("2026-04-23"));
        int total = 0;
        for (const auto &row : r.rows) {
            QVERIFY2(row[1].toInt() >= 15 && row[1].toInt() <= 35,
                     "deletions per day should be steady, not a burst");
            total += row[1].toInt();
        }
        QVERIFY(total >= 200 && total <= 500);
        // The drive service stopped reporting while it happened.
        QCOMPARE(test::adminValue(QStringLiteral(
                     "SELECT count(*) FROM sync_reports WHERE service_id = 2 "
                     "AND reported_at >= '2026-04-10' AND reported_at < '2026-04-24'")),
                 QStringLiteral("0"));
        // The backup still has every deleted account; live has none of them.
        const QString ids =
            idList(incident(QStringLiteral("account_deletions")).value(QStringLiteral("users")));
        const QString query = QStringLiteral(
            "SELECT count(*) FROM accounts WHERE id = ANY (string_to_array($1, ',')::bigint[])");
        QCOMPARE(
            test::adminSession(QStringLiteral("billing_backup"))->query(query, {ids}).rows[0][0],
            QString::number(total));
        QCOMPARE(test::adminSession()->query(query, {ids}).rows[0][0], QStringLiteral("0"));
    }

    void conversationsWereOverwrittenWithTestValues()
    {
        const ResultTable r = test::adminSession()->query(
            QStringLiteral("SELECT count(*) FROM support_conversations c "
                           "WHERE c.assignee IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                           "support_agents a WHERE a.username = c.assignee)"));
        QCOMPARE(r.rows[0][0], QString::number(incident(QStringLiteral("overwritten_conversations"))
                                                   .value(QStringLiteral("row_count"))
                                                   .toInt()));
        QVERIFY(r.rows[0][0].toInt() >= 1500);
    }

    void backupPredatesEveryIncident()
    {
        auto backup = test::adminSession(QStringLiteral("billing_backup"));
        QCOMPARE(
            backup
                ->query(QStringLiteral("SELECT count(*) FROM refunds WHERE source_env = 'staging'"))
                .rows[0][0],
            QStringLiteral("0"));
        QCOMPARE(
            backup->query(QStringLiteral("SELECT max(created_at) < '2026-04-10' FROM payments"))
                .rows[0][0],
            QStringLiteral("t"));
        QCOMPARE(backup
                     ->query(QStringLiteral(
                         "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'demo_%'"))
                     .rows[0][0],
                 QStringLiteral("0"));
    }

    void investigationRoleCannotSeeTheTruth()
    {
        db::Session oncall(test::liveProfile(), QString(), db::SessionOptions());
        QVERIFY(
            oncall.query(QStringLiteral("SELECT count(*) FROM payments")).rows[0][0].toLongLong() >
            100000);
        try {
            oncall.query(QStringLiteral("SELECT count(*) FROM demo_truth.orphans"));
            QFAIL("oncall could read the ground truth");
        } catch (const UserError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("lacks the privilege")),
                     qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoTruth)
#include "test_demo_truth.moc"
