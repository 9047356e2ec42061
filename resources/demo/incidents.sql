-- The five incidents of shared/incidents.md, injected after normal life,
-- with their published magnitudes whatever the scale. Each sets the capture
-- actor, so demo_truth.changes holds the exact ground truth.

-- 1. Silent deletion of payment accounts. The drive service's daily report
-- breaks on 2026-04-10 for 14 days; each night the billing site deletes the
-- accounts only drive knew, after re-parenting their records to the sentinel
-- account 1. Slow and steady: about 22 a day, never a burst.
SELECT set_config('payops_demo.actor', 'account_deletions', false);
CREATE TABLE demo_gen.i1_victims AS
SELECT a.id, rank, timestamptz '2026-04-10 02:45+00' + ((rank - 1) % 14) * interval '1 day'
                   + demo_gen.rnd(101, a.id) * interval '40 minutes' AS deleted_at
FROM (SELECT a.id, row_number() OVER (ORDER BY demo_gen.rnd(100, a.id)) AS rank
      FROM accounts a JOIN demo_gen.w_accounts w ON w.id = a.id
      WHERE w.services = 'drive' AND NOT w.free AND a.status = 'active' AND a.created_at < demo_gen.backup_at()
        AND w.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM investor_balances b WHERE b.account_id = a.id)) a
WHERE rank <= 312;
DELETE FROM sync_reports
WHERE service_id = 2 AND reported_at >= timestamptz '2026-04-10 00:00+00' AND reported_at < timestamptz '2026-04-24 00:00+00';
UPDATE subscriptions t SET account_id = 1 FROM demo_gen.i1_victims v WHERE t.account_id = v.id;
UPDATE orders t SET account_id = 1 FROM demo_gen.i1_victims v WHERE t.account_id = v.id;
UPDATE invoices t SET account_id = 1 FROM demo_gen.i1_victims v WHERE t.account_id = v.id;
UPDATE support_conversations t SET account_id = 1 FROM demo_gen.i1_victims v WHERE t.account_id = v.id;
INSERT INTO demo_truth.orphans
SELECT p.id, 'parked_on_sentinel' FROM payments p JOIN demo_gen.i1_victims v ON v.id = p.account_id
ON CONFLICT (payment_id) DO UPDATE SET reason = 'parked_on_sentinel';
UPDATE payments t SET account_id = 1 FROM demo_gen.i1_victims v WHERE t.account_id = v.id;
INSERT INTO account_events SELECT id * 10 + 4, id, 'deleted', 'sync-job', deleted_at FROM demo_gen.i1_victims;
DELETE FROM accounts a USING demo_gen.i1_victims v WHERE a.id = v.id;

-- 2. 475 subscriptions charged to the wrong customers in under an hour: a
-- broken "renew early under a lock" query matched long-closed accounts.
-- The 475 charges total exactly 73,271.36 USD.
SELECT set_config('payops_demo.actor', 'wrong_customer_charges', false);
CREATE TABLE demo_gen.i2_charges AS
WITH victims AS (
    SELECT a.id, row_number() OVER (ORDER BY demo_gen.rnd(110, a.id)) AS n
    FROM accounts a
    WHERE a.status IN ('cancelled', 'disabled') AND a.currency = 'USD' AND a.closed_at < timestamptz '2026-03-01 00:00+00'
      AND NOT a.is_sentinel
), picked AS (
    SELECT id, n, 9900 + floor(demo_gen.rnd(111, n) * 11000)::bigint AS base FROM victims WHERE n <= 475
), adjust AS (
    SELECT floor((7327136 - sum(base)) / 475.0)::bigint AS q,
           (7327136 - sum(base)) - floor((7327136 - sum(base)) / 475.0)::bigint * 475 AS rem
    FROM picked
)
SELECT p.id AS account_id, p.n, 5000000000 + p.n AS id,
       p.base + adjust.q + CASE WHEN p.n <= adjust.rem THEN 1 ELSE 0 END AS amount_minor,
       timestamptz '2026-04-15 14:03:00+00' + (p.n - 1) * interval '6 seconds' + demo_gen.rnd(112, p.n) * interval '5 seconds' AS at
FROM picked p, adjust;
INSERT INTO subscriptions (id, account_id, plan, status, amount_minor, currency, created_at, cancelled_at, renews_on, lock_at, created_by)
SELECT id, account_id, 'pro', 'active', amount_minor, 'USD', at, NULL, (at + interval '1 month')::date, NULL, 'renewal-worker'
FROM demo_gen.i2_charges;
INSERT INTO orders SELECT id, account_id, id, amount_minor, 'USD', 'paid', at + interval '1 second' FROM demo_gen.i2_charges;
INSERT INTO invoices SELECT id, account_id, id, amount_minor, 'USD', 'paid', at + interval '1 second' FROM demo_gen.i2_charges;
INSERT INTO payments
SELECT id, account_id, id, amount_minor, 'USD', 'succeeded', 'acq-a', 'ch_' || md5(id::text), at + interval '2 seconds',
       at + interval '1 day'
FROM demo_gen.i2_charges;

-- 3. A staging clean-up job, pointed at the real acquirer, refunds 10,000
-- real RUB payments in one hour: 7,840,000.00 RUB. Their orders exist (the
-- staging copy lacked them). Each refund stays within its payment.
SELECT set_config('payops_demo.actor', 'staging_refunds', false);
CREATE TABLE demo_gen.i3_refunds AS
WITH candidates AS (
    SELECT p.id, p.amount_minor, row_number() OVER (ORDER BY demo_gen.rnd(120, p.id)) AS n
    FROM payments p
    WHERE p.currency = 'RUB' AND p.status = 'succeeded' AND p.account_id <> 1 AND p.amount_minor >= 100000
      AND p.created_at >= timestamptz '2026-01-15 00:00+00' AND p.created_at < timestamptz '2026-04-18 00:00+00'
      AND EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id)
      AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id)
), picked AS (
    SELECT * FROM candidates WHERE n <= 10000
), scaled AS (
    SELECT p.*, floor(p.amount_minor::numeric * 784000000 / (SELECT sum(amount_minor) FROM picked))::bigint AS share FROM picked p
)
SELECT 20000000000 + n AS id, id AS payment_id,
       share + CASE WHEN n <= 784000000 - (SELECT sum(share) FROM scaled) THEN 1 ELSE 0 END AS amount_minor,
       timestamptz '2026-04-18 11:02:00+00' + (n - 1) * interval '354 milliseconds' AS at
FROM scaled;
INSERT INTO refunds
SELECT id, payment_id, amount_minor, 'RUB', at, 'order not found', 'orphan-cleanup', 'cancel-orphan-payments', 'staging'
FROM demo_gen.i3_refunds;

-- 4. A migration tool read the test database while running in production:
-- for three days, support conversations got statuses and assignees from the
-- test data set (assignees that do not exist; nearly everything "closed").
SELECT set_config('payops_demo.actor', 'overwritten_conversations', false);
UPDATE support_conversations c
SET status = CASE WHEN demo_gen.rnd(131, c.id) < 0.85 THEN 'closed' ELSE 'solved' END,
    assignee = 'qa-bot-' || (1 + c.id % 4),
    updated_at = timestamptz '2026-04-20 06:00+00' + demo_gen.rnd(132, c.id) * interval '66 hours'
FROM (SELECT id FROM support_conversations
      WHERE opened_at < demo_gen.backup_at() AND updated_at < timestamptz '2026-04-20 00:00+00' AND account_id <> 1
      ORDER BY demo_gen.rnd(130, id) LIMIT 1800) v
WHERE v.id = c.id;

-- After the incident, support agents followed up on a few of the
-- overwritten conversations: they reopened them. That is newer, legitimate
-- work, which a restore from the backup must not overwrite (a conflict:
-- changed since). Ordinary life, not the incident.
SELECT set_config('payops_demo.actor', 'normal', false);
CREATE TABLE demo_gen.i4_followups AS
SELECT id FROM support_conversations WHERE assignee LIKE 'qa-bot-%' ORDER BY demo_gen.rnd(133, id) LIMIT 12;
UPDATE support_conversations c
SET status = 'open', updated_at = timestamptz '2026-04-27 10:00+00' + demo_gen.rnd(134, c.id) * interval '3 days'
FROM demo_gen.i4_followups f WHERE f.id = c.id;
INSERT INTO demo_truth.facts
SELECT 'overwritten_conversations.changed_since', string_agg(id::text, ',' ORDER BY id) FROM demo_gen.i4_followups;

-- 5. Interest paid twice: on 2026-04-25 bank-a reported failures for
-- transfers that had gone through, and the job retried them on bank-b: 70
-- investors paid the April interest twice. Twelve withdrew most of their
-- balance before anyone noticed.
SELECT set_config('payops_demo.actor', 'double_interest', false);
CREATE TABLE demo_gen.i5_doubles AS
SELECT c.*, row_number() OVER (ORDER BY demo_gen.rnd(141, c.account_id)) AS n
FROM (SELECT p.account_id, p.amount_minor, p.created_at, p.id + 1 AS id
      FROM interest_payouts p
      WHERE p.period = '2026-04' AND p.channel = 'bank-a' AND p.status = 'succeeded'
      ORDER BY abs(p.amount_minor - 85700), demo_gen.rnd(140, p.account_id)
      LIMIT 70) c;
INSERT INTO interest_payouts
SELECT id, account_id, '2026-04', amount_minor, 'CNY', 'bank-b', 'succeeded', 'TR-' || id,
       created_at + interval '70 minutes' + demo_gen.rnd(142, id) * interval '20 minutes'
FROM demo_gen.i5_doubles;
INSERT INTO balance_movements
SELECT id, account_id, 'interest', amount_minor, created_at + interval '70 minutes' FROM demo_gen.i5_doubles;
UPDATE investor_balances b SET balance_minor = b.balance_minor + d.amount_minor, updated_at = d.created_at + interval '70 minutes'
FROM demo_gen.i5_doubles d WHERE d.account_id = b.account_id;
INSERT INTO balance_movements
SELECT d.account_id * 100 + 50, d.account_id, CASE WHEN d.n % 3 = 0 THEN 'reinvest' ELSE 'withdrawal' END,
       -(b.balance_minor - floor(demo_gen.rnd(143, d.account_id) * d.amount_minor / 3)::bigint),
       timestamptz '2026-04-27 09:00+00' + demo_gen.rnd(144, d.account_id) * interval '3 days'
FROM demo_gen.i5_doubles d JOIN investor_balances b ON b.account_id = d.account_id
WHERE d.n <= 12;
UPDATE investor_balances b SET balance_minor = b.balance_minor + m.amount_minor, updated_at = m.at
FROM balance_movements m JOIN demo_gen.i5_doubles d ON m.id = d.account_id * 100 + 50
WHERE m.account_id = b.account_id;
-- What a claw-back can take back of each duplicate: all of it, but for the
-- twelve who moved money out, only what their balance still holds.
CREATE TABLE demo_truth.clawback AS
SELECT d.account_id, d.id AS payout_id, d.amount_minor AS duplicate_minor,
       coalesce(-m.amount_minor, 0) AS moved_out_minor,
       CASE WHEN d.n <= 12 THEN floor(demo_gen.rnd(143, d.account_id) * d.amount_minor / 3)::bigint
            ELSE d.amount_minor END AS recoverable_minor
FROM demo_gen.i5_doubles d LEFT JOIN balance_movements m ON m.id = d.account_id * 100 + 50;

SELECT set_config('payops_demo.actor', 'finished', false);
INSERT INTO demo_truth.facts VALUES
    ('window.account_deletions', '2026-04-10 00:00:00+00/2026-04-24 00:00:00+00'),
    ('window.wrong_customer_charges', '2026-04-15 14:03:00+00/2026-04-15 14:51:00+00'),
    ('window.staging_refunds', '2026-04-18 11:02:00+00/2026-04-18 12:01:00+00'),
    ('window.overwritten_conversations', '2026-04-20 06:00:00+00/2026-04-23 00:00:00+00'),
    ('window.double_interest', '2026-04-25 00:00:00+00/2026-04-25 04:00:00+00');
