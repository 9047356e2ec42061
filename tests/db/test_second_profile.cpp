// A billing schema shaped differently from the demo (other table and column
// names, text keys, soft-deleted customers, one currency and no currency
// column), generated here with its own injected incident, found through its
// own profile (tests/support/profiles/shop.json). Also: the catalog check
// names what a profile gets wrong, and `profile draft` recognises the schema.
#include "core/user_error.h"
#include "db/session.h"
#include "detect/blocking_scan.h"
#include "schema/profile_catalog.h"
#include "schema/profile_draft.h"
#include "support/test_demo.h"
#include "support/test_profiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace payops;

namespace {

const char *kShopSchema = R"SQL(
CREATE SCHEMA shop;
CREATE TABLE shop.customer (
    customer_no text PRIMARY KEY,
    full_name   text NOT NULL,
    mail        text NOT NULL,
    state       text NOT NULL,
    removed_at  timestamp            -- soft delete
);
CREATE TABLE shop.charge (
    charge_no   bigint PRIMARY KEY,
    customer_no text NOT NULL,
    cents       integer NOT NULL,    -- always EUR
    charged_at  timestamp NOT NULL,
    outcome     text NOT NULL,
    channel     text NOT NULL
);
CREATE INDEX ON shop.charge (charged_at);
CREATE TABLE shop.refund_log (
    refund_no   bigint PRIMARY KEY,
    charge_no   bigint NOT NULL,
    cents       integer NOT NULL,
    refunded_at timestamp NOT NULL,
    origin      text                 -- NULL: a refund nobody said the origin of
);
-- 2,000 customers; every 20th removed on 2026-03-01.
INSERT INTO shop.customer
SELECT 'C-' || i, 'Customer ' || i, 'c' || i || '@shop.example', 'open',
       CASE WHEN i % 20 = 0 THEN timestamp '2026-03-01 00:00' END
FROM generate_series(1, 2000) AS i;
-- 60 days of charges with a daily cycle, never on a removed customer after
-- its removal.
INSERT INTO shop.charge
SELECT n, 'C-' || c, 500 + (n * 37) % 4500, t, CASE WHEN n % 50 = 0 THEN 'declined' ELSE 'ok' END,
       CASE WHEN n % 3 = 0 THEN 'app' ELSE 'web' END
FROM (SELECT row_number() OVER () AS n, h + (k * interval '71 seconds') AS t,
             1 + (abs(hashint8(k * 100000 + extract(epoch FROM h)::bigint)) % 2000) AS c
      FROM generate_series(timestamp '2026-02-01', timestamp '2026-04-01' - interval '1 hour', interval '1 hour') AS h,
           generate_series(1, CASE WHEN extract(hour FROM h) BETWEEN 8 AND 19 THEN 40 ELSE 8 END) AS k) s
WHERE c % 20 <> 0 OR t < timestamp '2026-03-01 00:00';
INSERT INTO shop.refund_log
SELECT charge_no, charge_no, cents, charged_at + interval '2 days', 'prod' FROM shop.charge WHERE charge_no % 200 = 0;
-- The incident: on 2026-03-20 between 09:00 and 09:40 a retry batch
-- charges 800 removed customers 19.99 EUR each.
INSERT INTO shop.charge
SELECT 90000000 + i, 'C-' || (20 * (1 + i % 100)), 1999, timestamp '2026-03-20 09:00' + i * interval '3 seconds', 'ok', 'batch-retry'
FROM generate_series(1, 800) AS i;
-- A second: on 2026-03-25 between 10:00 and 10:30 a script refunds 600
-- earlier charges and records no origin (NULL).
INSERT INTO shop.refund_log
SELECT 80000000 + i, charge_no, cents, timestamp '2026-03-25 10:00' + i * interval '3 seconds', NULL
FROM (SELECT charge_no, cents, row_number() OVER (ORDER BY charge_no) AS i
      FROM shop.charge WHERE charge_no % 20 = 1 AND charged_at < timestamp '2026-03-20' LIMIT 600) s;
ANALYZE;
GRANT USAGE ON SCHEMA shop TO oncall;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO oncall;
)SQL";

ConnectionProfile shopAs(const QString &userInfo)
{
    return ConnectionProfile::fromUri(
        test::demoCluster().socketUri(userInfo, QStringLiteral("shop_test")),
        QStringLiteral("test"));
}

} // namespace

class TestSecondProfile : public QObject
{
    Q_OBJECT

    schema::SchemaProfile m_profile;

private slots:
    void initTestCase()
    {
        db::SessionOptions writable;
        writable.readOnly = false;
        {
            db::Session admin(
                ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres")),
                                           QStringLiteral("test")),
                QString(), writable);
            // One statement each: a multi-statement string is one transaction.
            admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS shop_test"));
            admin.executeScript(QStringLiteral("CREATE DATABASE shop_test"));
        }
        db::Session shop(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("shop_test")),
                                       QStringLiteral("test")),
            QString(), writable);
        shop.executeScript(QString::fromUtf8(kShopSchema));
        m_profile =
            schema::SchemaProfile::fromJson(test::shopProfileJson(), QStringLiteral("shop.json"));
    }

    void theInjectedIncidentIsFound()
    {
        const auto report = detect::runBlockingScan(shopAs(QStringLiteral("oncall:oncall")),
                                                    QString(), m_profile, {}, {}, 2);
        QVERIFY2(report.failures.isEmpty(), qPrintable(report.failures.join(QLatin1Char('\n'))));
        const Finding *closed = nullptr, *burst = nullptr;
        for (const Finding &f : report.findings) {
            if (f.kind == u"invariant" &&
                f.title.contains(QStringLiteral("charges on closed accounts")))
                closed = &f;
            if (f.kind == u"burst" && f.dimension == u"channel = batch-retry")
                burst = &f;
            QVERIFY2(f.severity < Severity::High || f.windowStart.date() == QDate(2026, 3, 20) ||
                         f.windowStart.date() == QDate(2026, 3, 25),
                     qPrintable(QStringLiteral("a false alarm: ") + f.title));
        }
        QVERIFY(closed);
        QCOMPARE(closed->severity, Severity::High);
        QCOMPARE(closed->rowCount, qint64(800));
        QCOMPARE(closed->userCount, qint64(100));
        QCOMPARE(closed->totals.toDisplayString(), QStringLiteral("15,992.00 EUR"));
        QVERIFY(burst);
        QCOMPARE(burst->severity, Severity::Medium); // a new channel is explained, not forbidden
        QCOMPARE(burst->rowCount, qint64(800));
        QCOMPARE(burst->windowStart, QDateTime(QDate(2026, 3, 20), QTime(9, 0, 3), Qt::UTC));
        QCOMPARE(burst->windowEnd, QDateTime(QDate(2026, 3, 20), QTime(9, 40), Qt::UTC));
        QVERIFY(burst->rowsSql.contains(QStringLiteral("\"shop\".\"charge\"")));
    }

    // A dimension's NULL is a value of its own: the refunds without an
    // origin are a burst explained by it, and its rows are those refunds.
    void aBurstExplainedByANullIsFoundWithItsRows()
    {
        const auto report = detect::runBlockingScan(shopAs(QStringLiteral("oncall:oncall")),
                                                    QString(), m_profile, {}, {}, 2);
        QVERIFY2(report.failures.isEmpty(), qPrintable(report.failures.join(QLatin1Char('\n'))));
        const Finding *burst = nullptr;
        QStringList titles;
        for (const Finding &f : report.findings) {
            titles << f.title;
            if (f.kind == u"burst" && f.dimension == u"origin = (none)")
                burst = &f;
        }
        QVERIFY2(burst, qPrintable(titles.join(u'\n')));
        QCOMPARE(burst->rowCount, qint64(600));
        QCOMPARE(burst->windowStart.date(), QDate(2026, 3, 25));
        QVERIFY2(burst->rowsSql.contains(QStringLiteral("\"origin\" IS NULL")),
                 qPrintable(burst->rowsSql));
        // Its users are reached through the charges refunded.
        QVERIFY(burst->userCount > 0);
    }

    void theCatalogCheckNamesEveryMismatch()
    {
        QByteArray json = test::shopProfileJson();
        json.replace("\"user\": \"customer_no\", \"amount\": \"cents\"",
                     "\"user\": \"customer_no\", \"amount\": \"full_name\"");
        json.replace("\"time\": \"charged_at\", \"fixed_currency\": \"EUR\", \"status\"",
                     "\"time\": \"charged_on\", \"fixed_currency\": \"EUR\", \"status\"");
        json.replace("\"table\": \"refund_log\", \"key\"", "\"table\": \"refunds\", \"key\"");
        const auto bad = schema::SchemaProfile::fromJson(json, QStringLiteral("bad.json"));
        db::Session session(shopAs(QStringLiteral("oncall:oncall")), QString(),
                            db::SessionOptions());
        const QStringList problems = schema::catalogProblems(session, bad);
        QVERIFY2(problems.contains(QStringLiteral(
                     "column \"full_name\" (charges.amount) does not exist in table \"charge\"")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(problems.contains(QStringLiteral(
            "column \"charged_on\" (charges.time) does not exist in table \"charge\"")));
        QVERIFY(problems.contains(
            QStringLiteral("table \"refunds\" (refunds.key) does not exist in schema \"shop\"")));
        // A column of the wrong type: money must be integer minor units.
        QByteArray textAmount = test::shopProfileJson();
        textAmount.replace("\"user\": \"customer_no\", \"amount\": \"cents\"",
                           "\"user\": \"customer_no\", \"amount\": \"channel\"");
        const QStringList typeProblems = schema::catalogProblems(
            session, schema::SchemaProfile::fromJson(textAmount, QStringLiteral("t.json")));
        QCOMPARE(typeProblems, QStringList{QStringLiteral(
                                   "charge.channel (charges.amount) is text; it must be smallint, "
                                   "integer or bigint (money in integer minor units)")});
        // And a scan with it runs nothing: one message, no findings.
        QVERIFY_THROWS_EXCEPTION(UserError,
                                 detect::runBlockingScan(shopAs(QStringLiteral("oncall:oncall")),
                                                         QString(), bad, {}, {}, 1));
    }

    void aRoleWithoutGrantsIsToldSo()
    {
        db::Session session(shopAs(QStringLiteral("support:support")), QString(),
                            db::SessionOptions());
        const QStringList problems = schema::catalogProblems(session, m_profile);
        QCOMPARE(problems,
                 QStringList{QStringLiteral("this role may not use the schema \"shop\"")});
    }

    void theDemoProfileDoesNotFitThisDatabase()
    {
        db::Session session(shopAs(QStringLiteral("oncall:oncall")), QString(),
                            db::SessionOptions());
        try {
            schema::checkAgainstCatalog(session, schema::SchemaProfile::demo());
            QFAIL("the demo profile fitted the shop database");
        } catch (const UserError &e) {
            QVERIFY(e.message().contains(QStringLiteral(
                "table \"payments\" (charges.key) does not exist in schema \"public\"")));
            QVERIFY(e.message().contains(QStringLiteral("no detector was run")));
        }
    }

    void aDraftRecognisesTheSchema()
    {
        db::Session session(shopAs(QStringLiteral("oncall:oncall")), QString(),
                            db::SessionOptions());
        const QJsonObject draft =
            QJsonDocument::fromJson(schema::draftProfile(session, QStringLiteral("shop"))).object();
        const QJsonObject tables = draft.value(QStringLiteral("tables")).toObject();
        QCOMPARE(tables.value(QStringLiteral("accounts"))
                     .toObject()
                     .value(QStringLiteral("table"))
                     .toString(),
                 QStringLiteral("customer"));
        QCOMPARE(tables.value(QStringLiteral("accounts"))
                     .toObject()
                     .value(QStringLiteral("soft_delete"))
                     .toString(),
                 QStringLiteral("removed_at"));
        const QJsonObject charges = tables.value(QStringLiteral("charges")).toObject();
        QCOMPARE(charges.value(QStringLiteral("table")).toString(), QStringLiteral("charge"));
        QCOMPARE(charges.value(QStringLiteral("amount")).toString(), QStringLiteral("cents"));
        QCOMPARE(charges.value(QStringLiteral("user")).toString(), QStringLiteral("customer_no"));
        QVERIFY(charges.contains(QStringLiteral("fixed_currency")));
        QVERIFY(!draft.value(QStringLiteral("_todo")).toArray().isEmpty());
        // What it could map fits the database.
        QJsonObject fitted = draft;
        fitted.remove(QStringLiteral("tables"));
        QJsonObject only{{QStringLiteral("accounts"), tables.value(QStringLiteral("accounts"))},
                         {QStringLiteral("charges"), charges}};
        QJsonObject accounts = only.value(QStringLiteral("accounts")).toObject();
        accounts.insert(QStringLiteral("closed_values"), QJsonArray{QStringLiteral("closed")});
        only.insert(QStringLiteral("accounts"), accounts);
        QJsonObject c = charges;
        c.insert(QStringLiteral("succeeded_values"), QJsonArray{QStringLiteral("ok")});
        only.insert(QStringLiteral("charges"), c);
        fitted.insert(QStringLiteral("tables"), only);
        fitted.remove(QStringLiteral("streams"));
        const auto profile = schema::SchemaProfile::fromJson(QJsonDocument(fitted).toJson(),
                                                             QStringLiteral("draft"));
        QCOMPARE(schema::catalogProblems(session, profile), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestSecondProfile)
#include "test_second_profile.moc"
