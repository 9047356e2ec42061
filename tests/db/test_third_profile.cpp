// A third billing schema, designed unlike the demo and the shop: uuid keys,
// integer status codes, payments linked to invoices through a type and id
// pair (the legacy invoice_id left NULL), subscriptions priced by their
// plan, soft-deleted customers whose subscriptions are terminated as a side
// effect, refunds with no source column, manual invoices paid in two
// instalments, failed payments retried later, a nightly billing bulge and
// no foreign keys at all. Three incidents are injected (a slow run of soft
// deletions over ten days, a burst of a thousand refunds in under an hour,
// three dozen invoices paid twice) beside decoys that must stay below high
// (a sign-up promotion, the instalments, the retries, the nightly bulge).
// Each incident must be one high-severity incident whose headline rows have
// recall 100% and precision of at least 99% against the truth tables the
// generator writes (readable by the owner only).
#include "db/session.h"
#include "detect/blocking_scan.h"
#include "detect/incidents.h"
#include "schema/profile_catalog.h"
#include "schema/profile_draft.h"
#include "support/test_demo.h"
#include "support/test_profiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace payops;

namespace {

const char *kInvoicingSchema = R"SQL(
CREATE SCHEMA billing;
CREATE SCHEMA truth;
CREATE TABLE billing.customers (
    merchant_id integer NOT NULL,
    id          uuid NOT NULL,
    email       text NOT NULL,
    created_at  timestamptz NOT NULL,
    deleted_at  timestamptz,          -- soft delete
    PRIMARY KEY (merchant_id, id)
);
CREATE TABLE billing.plans (id integer PRIMARY KEY, price_cents integer NOT NULL, currency text NOT NULL);
CREATE TABLE billing.subscriptions (
    id            uuid PRIMARY KEY,
    customer_id   uuid NOT NULL,
    plan_id       integer NOT NULL,   -- priced by the plan: no amount here
    status        smallint NOT NULL,  -- 1 active, 2 terminated
    created_at    timestamptz NOT NULL,
    terminated_at timestamptz
);
CREATE TABLE billing.invoices (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL,
    total_cents bigint NOT NULL,
    currency    text NOT NULL,
    issued_at   timestamptz NOT NULL
);
CREATE TABLE billing.payments (
    merchant_id  integer NOT NULL,
    id           uuid NOT NULL,
    customer_id  uuid NOT NULL,
    payable_type text NOT NULL,       -- 'Invoice'
    payable_id   uuid NOT NULL,
    invoice_id   uuid,                -- legacy link, no longer written
    amount_cents bigint NOT NULL,
    currency     text NOT NULL,
    status       smallint NOT NULL,   -- 1 pending, 2 succeeded, 3 failed
    kind         text NOT NULL,       -- card, manual
    created_at   timestamptz NOT NULL,
    card_token   bytea,               -- encrypted: never to be read
    PRIMARY KEY (merchant_id, id)
);
CREATE TABLE billing.refunds (
    id           uuid PRIMARY KEY,
    payment_id   uuid NOT NULL,       -- no source column at all
    amount_cents bigint NOT NULL,
    currency     text NOT NULL,
    created_at   timestamptz NOT NULL
);
-- A legacy table of a matching name, empty since the migration.
CREATE TABLE billing.customer (id uuid PRIMARY KEY, email text);
CREATE TABLE truth.rows (incident text NOT NULL, key uuid NOT NULL);

INSERT INTO billing.plans VALUES (1, 990, 'EUR'), (2, 1990, 'EUR'), (3, 4990, 'EUR');
-- 3,000 customers from before the data starts; a few deleted now and then
-- (one every nine days); the injected run deletes 30 a night, spread over
-- six night hours, from 2026-03-10 to 2026-03-19. 400 more sign up in the
-- promotion of 2026-03-05.
INSERT INTO billing.customers
SELECT 1 + i % 3, md5('customer' || i)::uuid, 'c' || i || '@invoicing.example',
       timestamptz '2025-12-01 00:00+00' + (i % 30) * interval '1 day',
       CASE WHEN i % 450 = 7 THEN timestamptz '2026-01-05 15:00+00' + (i / 450) * interval '9 days'
            WHEN i BETWEEN 1001 AND 1300
            THEN timestamptz '2026-03-10 00:00+00' + ((i - 1001) / 30) * interval '1 day'
                 + ((i - 1001) % 30) * interval '12 minutes' END
FROM generate_series(1, 3000) AS i;
INSERT INTO billing.customers
SELECT 1 + i % 3, md5('customer' || i)::uuid, 'c' || i || '@invoicing.example',
       timestamptz '2026-03-05 10:00+00' + (i - 3000) * interval '18 seconds', NULL
FROM generate_series(3001, 3400) AS i;
INSERT INTO truth.rows SELECT 'deletions', id FROM billing.customers
WHERE deleted_at >= timestamptz '2026-03-10 00:00+00' AND deleted_at < timestamptz '2026-03-20 00:00+00';
-- One subscription each, terminated with its customer's deletion.
INSERT INTO billing.subscriptions
SELECT md5('subscription' || id)::uuid, id, 1 + abs(hashtext(id::text)) % 3,
       CASE WHEN deleted_at IS NULL THEN 1 ELSE 2 END, created_at, deleted_at
FROM billing.customers;
-- Nightly billing: each customer is invoiced every 28 days at 02:00-02:50
-- for its plan's price, while not deleted. Every twentieth invoice is
-- paid by hand in two instalments (10:00 and five days later), every
-- twentieth card payment fails and is retried six hours later.
CREATE TEMP TABLE nightly AS
SELECT md5('invoice' || c.id || d)::uuid AS id, c.id AS customer_id, c.merchant_id,
       p.price_cents AS total, d + interval '2 hours' + (abs(hashtext(c.id::text)) % 3000) * interval '1 second' AS issued_at,
       abs(hashtext(c.id::text || d)) % 20 AS kind_class, c.deleted_at
FROM generate_series(timestamptz '2026-01-01 00:00+00', timestamptz '2026-03-31 00:00+00', interval '1 day') AS d
JOIN billing.customers AS c
  ON (abs(hashtext(c.id::text)) % 28) = (extract(epoch FROM d)::bigint / 86400) % 28
 AND c.created_at < d
JOIN billing.subscriptions AS s ON s.customer_id = c.id
JOIN billing.plans AS p ON p.id = s.plan_id
WHERE c.deleted_at IS NULL OR c.deleted_at > d + interval '3 hours';
-- Daytime one-off invoices, two an hour.
CREATE TEMP TABLE daytime AS
SELECT md5('oneoff' || h || k)::uuid AS id, c.id AS customer_id, c.merchant_id,
       1000 + abs(hashtext(h::text || k)) % 9000 AS total,
       h + k * interval '17 minutes' AS issued_at, c.deleted_at
FROM generate_series(timestamptz '2026-01-01 00:00+00', timestamptz '2026-03-31 23:00+00', interval '1 hour') AS h,
     generate_series(1, 2) AS k,
     LATERAL (SELECT * FROM billing.customers
              WHERE id = md5('customer' || (1 + abs(hashtext(h::text || k || 'c')) % 3000))::uuid) AS c
WHERE c.deleted_at IS NULL OR c.deleted_at > h + interval '1 hour';
INSERT INTO billing.invoices SELECT id, customer_id, total, 'EUR', issued_at FROM nightly;
INSERT INTO billing.invoices SELECT id, customer_id, total, 'EUR', issued_at FROM daytime;
INSERT INTO billing.payments
SELECT merchant_id, md5('payment' || id || n)::uuid, customer_id, 'Invoice', id, NULL, amount, 'EUR', status, kind, at
FROM (
    SELECT n.*, 1 AS n, n.total / 2 AS amount, 2 AS status, 'manual' AS kind, n.issued_at + interval '8 hours' AS at
    FROM nightly AS n WHERE kind_class = 3
    UNION ALL
    SELECT n.*, 2, n.total - n.total / 2, 2, 'manual', n.issued_at + interval '5 days 8 hours'
    FROM nightly AS n WHERE kind_class = 3
    UNION ALL
    SELECT n.*, 1, n.total, 3, 'card', n.issued_at + interval '1 minute' FROM nightly AS n WHERE kind_class = 5
    UNION ALL
    SELECT n.*, 2, n.total, 2, 'card', n.issued_at + interval '6 hours' FROM nightly AS n WHERE kind_class = 5
    UNION ALL
    SELECT n.*, 1, n.total, 2, 'card', n.issued_at + interval '2 minutes' FROM nightly AS n WHERE kind_class NOT IN (3, 5)
) AS p
WHERE (deleted_at IS NULL OR at < deleted_at) AND at < timestamptz '2026-04-01 00:00+00';
INSERT INTO billing.payments
SELECT merchant_id, md5('payment' || id)::uuid, customer_id, 'Invoice', id, NULL, total, 'EUR', 2, 'card',
       issued_at + interval '1 minute'
FROM daytime;
-- Payments for other payables (one-off top-ups) name no invoice: no
-- orphans, no duplicates, whatever their payable_id.
INSERT INTO billing.payments
SELECT merchant_id, md5('topup' || id)::uuid, customer_id, 'TopUp', md5('topup-item' || (abs(hashtext(id::text)) % 40))::uuid,
       NULL, 500, 'EUR', 2, 'card', issued_at + interval '30 minutes'
FROM daytime WHERE abs(hashtext(id::text)) % 4 = 0;
-- The incident of invoices paid twice: on the night of 2026-03-27 a card
-- run takes 36 invoices' whole amount a second time.
INSERT INTO billing.payments
SELECT merchant_id, md5('twice' || id)::uuid, customer_id, 'Invoice', id, NULL, total, 'EUR', 2, 'card',
       issued_at + interval '3 minutes'
FROM (SELECT * FROM nightly
      WHERE issued_at >= timestamptz '2026-03-27 00:00+00' AND issued_at < timestamptz '2026-03-28 00:00+00'
        AND kind_class NOT IN (3, 5)
      ORDER BY id LIMIT 36) AS twice;
INSERT INTO truth.rows SELECT 'paid_twice', md5('twice' || id)::uuid FROM nightly
WHERE md5('twice' || id)::uuid IN (SELECT id FROM billing.payments);
-- Refunds: one in ten card payments, a day later.
INSERT INTO billing.refunds
SELECT md5('refund' || id)::uuid, id, amount_cents, currency, created_at + interval '1 day'
FROM billing.payments
WHERE status = 2 AND kind = 'card' AND abs(hashtext(id::text)) % 10 = 0
  AND created_at < timestamptz '2026-03-30 00:00+00';
-- The refund burst: on 2026-03-24 from 14:00 to 14:45 a script refunds
-- 1,000 earlier card payments in full.
INSERT INTO billing.refunds
SELECT md5('burst' || id)::uuid, id, amount_cents, currency,
       timestamptz '2026-03-24 14:00+00' + row_number() OVER (ORDER BY id) * interval '2.7 seconds'
FROM (SELECT * FROM billing.payments
      WHERE status = 2 AND kind = 'card' AND abs(hashtext(id::text)) % 10 <> 0
        AND created_at < timestamptz '2026-03-20 00:00+00'
      ORDER BY id LIMIT 1000) AS p;
INSERT INTO truth.rows SELECT 'refund_burst', md5('burst' || id)::uuid FROM billing.payments
WHERE md5('burst' || id)::uuid IN (SELECT id FROM billing.refunds);
CREATE INDEX ON billing.payments (created_at);
CREATE INDEX ON billing.payments (payable_id);
CREATE INDEX ON billing.payments (customer_id);
CREATE INDEX ON billing.refunds (created_at);
ANALYZE;
GRANT USAGE ON SCHEMA billing TO oncall;
GRANT SELECT ON ALL TABLES IN SCHEMA billing TO oncall;
)SQL";

ConnectionProfile invoicingAs(const QString &userInfo)
{
    return ConnectionProfile::fromUri(
        test::demoCluster().socketUri(userInfo, QStringLiteral("invoicing_test")),
        QStringLiteral("test"));
}

ConnectionProfile invoicingAdmin()
{
    return ConnectionProfile::fromUri(
        test::demoCluster().adminUri(QStringLiteral("invoicing_test")), QStringLiteral("test"));
}

} // namespace

class TestThirdProfile : public QObject
{
    Q_OBJECT

    schema::SchemaProfile m_profile;
    detect::ScanReport m_report;
    QVector<detect::Incident> m_incidents;
    std::unique_ptr<db::Session> m_admin;

    QSet<QString> truth(const QString &incident)
    {
        QSet<QString> keys;
        for (const auto &row :
             m_admin
                 ->query(QStringLiteral("SELECT key::text FROM truth.rows WHERE incident = $1"),
                         {incident})
                 .rows)
            keys.insert(row[0]);
        return keys;
    }

    QSet<QString> rowKeys(const Finding &f)
    {
        QSet<QString> keys;
        for (const auto &row :
             m_admin
                 ->query(QStringLiteral("SELECT row_key::text FROM (\n%1\n) AS r").arg(f.rowsSql))
                 .rows)
            keys.insert(row[0]);
        return keys;
    }

    // The incident whose headline rows hold most of the truth's, judged:
    // one incident, high, recall 100%, precision at least 99%.
    void checkIncident(const QString &name)
    {
        const QSet<QString> expected = truth(name);
        QVERIFY2(expected.size() >= 36, qPrintable(name));
        const detect::Incident *best = nullptr;
        QSet<QString> bestRows;
        for (const detect::Incident &incident : m_incidents) {
            const QSet<QString> rows = rowKeys(incident.headline);
            if (!best || (rows & expected).size() > (bestRows & expected).size()) {
                best = &incident;
                bestRows = rows;
            }
        }
        QVERIFY2(best, qPrintable(name));
        const qsizetype hits = (bestRows & expected).size();
        const QString what = QStringLiteral("%1: incident \"%2\" (%3), %4 of %5 truth rows among "
                                            "its %6 headline rows")
                                 .arg(name, best->title, severityName(best->severity))
                                 .arg(hits)
                                 .arg(expected.size())
                                 .arg(bestRows.size());
        qInfo("%s", qPrintable(what));
        QVERIFY2(best->severity == Severity::High, qPrintable(what));
        QVERIFY2(hits == expected.size(), qPrintable(what));
        QVERIFY2(hits * 100 >= bestRows.size() * 99, qPrintable(what));
        // No other incident holds any of them.
        for (const detect::Incident &other : m_incidents)
            if (&other != best)
                QVERIFY2((rowKeys(other.headline) & expected).isEmpty(),
                         qPrintable(name + QStringLiteral(" also in: ") + other.title));
    }

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
            admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS invoicing_test"));
            admin.executeScript(QStringLiteral("CREATE DATABASE invoicing_test"));
        }
        db::Session(invoicingAdmin(), QString(), writable)
            .executeScript(QString::fromUtf8(kInvoicingSchema));
        m_admin = std::make_unique<db::Session>(invoicingAdmin(), QString(), db::SessionOptions());
        m_profile = schema::SchemaProfile::fromJson(test::invoicingProfileJson(),
                                                    QStringLiteral("invoicing.json"));
        m_report = detect::runBlockingScan(invoicingAs(QStringLiteral("oncall:oncall")), QString(),
                                           m_profile, {}, {}, 2);
        QVERIFY2(m_report.failures.isEmpty(),
                 qPrintable(m_report.failures.join(QLatin1Char('\n'))));
        for (const Finding &f : m_report.findings)
            qInfo("%s %s: %s", qPrintable(severityName(f.severity)), qPrintable(f.kind),
                  qPrintable(f.title));
        m_incidents = detect::groupIntoIncidents(*m_admin, m_profile, m_report.findings);
    }

    // uuid keys, integer status codes and a polymorphic link pass the
    // catalog check as they are.
    void theProfileFitsTheSchema()
    {
        db::Session oncall(invoicingAs(QStringLiteral("oncall:oncall")), QString(),
                           db::SessionOptions());
        QCOMPARE(schema::catalogProblems(oncall, m_profile), QStringList());
    }

    // An encrypted column named as a dimension is refused, saying to leave
    // it out; nothing is read from it.
    void aBinaryColumnIsRefusedWithWhatToDo()
    {
        QJsonDocument json = QJsonDocument::fromJson(test::invoicingProfileJson());
        QJsonObject root = json.object();
        QJsonArray streams = root.value(QStringLiteral("streams")).toArray();
        QJsonObject payments = streams[2].toObject();
        payments.insert(QStringLiteral("dimensions"), QJsonArray{QStringLiteral("card_token")});
        streams[2] = payments;
        root.insert(QStringLiteral("streams"), streams);
        const auto profile = schema::SchemaProfile::fromJson(QJsonDocument(root).toJson(),
                                                             QStringLiteral("invoicing.json"));
        db::Session oncall(invoicingAs(QStringLiteral("oncall:oncall")), QString(),
                           db::SessionOptions());
        const QStringList problems = schema::catalogProblems(oncall, profile);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].contains(QStringLiteral("payments.card_token (stream \"payments\" "
                                                     "dimension) is binary (bytea)")) &&
                     problems[0].contains(QStringLiteral("leave it out of the profile")),
                 qPrintable(problems[0]));
    }

    // The draft chooses the populated tables, never the empty legacy
    // "customer" beside "customers".
    void theDraftChoosesThePopulatedTables()
    {
        db::Session oncall(invoicingAs(QStringLiteral("oncall:oncall")), QString(),
                           db::SessionOptions());
        const QJsonObject tables =
            QJsonDocument::fromJson(schema::draftProfile(oncall, QStringLiteral("billing")))
                .object()
                .value(QStringLiteral("tables"))
                .toObject();
        QCOMPARE(tables.value(QStringLiteral("accounts"))
                     .toObject()
                     .value(QStringLiteral("table"))
                     .toString(),
                 QStringLiteral("customers"));
        QCOMPARE(tables.value(QStringLiteral("charges"))
                     .toObject()
                     .value(QStringLiteral("table"))
                     .toString(),
                 QStringLiteral("payments"));
    }

    void theSlowSoftDeletionsAreOneHighIncident() { checkIncident(QStringLiteral("deletions")); }
    void theRefundBurstIsOneHighIncident() { checkIncident(QStringLiteral("refund_burst")); }
    void theInvoicesPaidTwiceAreOneHighIncident() { checkIncident(QStringLiteral("paid_twice")); }

    // The deletions' side effect, the terminated subscriptions, is evidence
    // of the same incident, not an incident of its own.
    void theTerminationsBelongToTheDeletions()
    {
        for (const detect::Incident &incident : m_incidents) {
            bool deletions = false, terminations = false;
            for (const Finding &f : incident.evidence) {
                deletions = deletions || f.title.contains(QStringLiteral("customer deletions"));
                terminations =
                    terminations || f.title.contains(QStringLiteral("subscription terminations"));
            }
            QVERIFY2(deletions == terminations, qPrintable(incident.title));
        }
    }

    // The promotion, the nightly bulge, the instalments and the retries
    // raise nothing high: every high finding is one of the three incidents'.
    void noDecoyIsHigh()
    {
        const QSet<QString> injected = truth(QStringLiteral("deletions")) +
                                       truth(QStringLiteral("refund_burst")) +
                                       truth(QStringLiteral("paid_twice"));
        for (const Finding &f : m_report.findings) {
            if (f.severity < Severity::High)
                continue;
            const QSet<QString> rows = rowKeys(f);
            // A termination's key is its subscription's: judged by its window.
            const bool terminations = f.title.contains(QStringLiteral("subscription terminations"));
            QVERIFY2(terminations || (rows & injected).size() * 100 >= rows.size() * 99,
                     qPrintable(QStringLiteral("a decoy is high: ") + f.title));
        }
        int high = 0;
        for (const detect::Incident &incident : m_incidents)
            high += incident.severity >= Severity::High;
        QCOMPARE(high, 3);
    }

    // Nothing here is an orphan: the deleted customers' old payments are
    // history, and the top-ups' payable_id names no invoice by design.
    void noPaymentIsAnOrphan()
    {
        for (const Finding &f : m_report.findings)
            QVERIFY2(f.kind != u"orphans", qPrintable(f.title));
    }

    void cleanupTestCase() { m_admin.reset(); }
};

QTEST_GUILESS_MAIN(TestThirdProfile)
#include "test_third_profile.moc"
