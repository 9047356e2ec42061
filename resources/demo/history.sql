-- Plans the whole demo world once (2026-01-01 .. 2026-05-01) in demo_gen
-- staging tables, then inserts what existed at the backup moment
-- (2026-04-10 00:00 UTC). after_backup.sql replays the rest as normal life.
-- Every draw is demo_gen.rnd(salt, key): the same scale gives the same rows.


CREATE TABLE demo_gen.params AS
SELECT demo_gen.scale() AS e,
       round(12000 * demo_gen.scale())::int AS n_old,
       round(8000 * demo_gen.scale())::int AS n_new,
       greatest(round(6000 * demo_gen.scale()), 2500)::int AS n_conversations;

-- Accounts: ids grow with creation time, so "an account that existed at t"
-- is a simple id range. Id 1 is the sentinel for deleted accounts.
CREATE UNLOGGED TABLE demo_gen.w_accounts AS
WITH base AS (
    SELECT i AS id,
           CASE WHEN i - 1 <= p.n_old
                THEN timestamptz '2024-01-01 00:00+00' + (i - 2 + demo_gen.rnd(1, i) * 0.9) / p.n_old * (demo_gen.t0() - timestamptz '2024-01-01 00:00+00')
                ELSE demo_gen.t0() + (i - 2 - p.n_old + demo_gen.rnd(1, i) * 0.9) / p.n_new * (demo_gen.demo_now() - demo_gen.t0())
           END AS created_at,
           demo_gen.rnd(2, i) AS r_currency,
           demo_gen.rnd(3, i) < 0.10 AS free,
           demo_gen.rnd(4, i) AS r_service,
           demo_gen.rnd(5, i) AS r_close,
           demo_gen.rnd(6, i) AS r_close_at,
           demo_gen.rnd(7, i) AS r_delete,
           demo_gen.rnd(8, i) AS r_delete_at,
           demo_gen.rnd(9, i) AS r_phone
    FROM demo_gen.params p, generate_series(2, p.n_old + p.n_new + 1) AS i
)
SELECT id, created_at,
       'user' || id || '@example.' || (ARRAY['com', 'net', 'org', 'ru', 'cn'])[1 + id % 5] AS email,
       (ARRAY['Alex', 'Maria', 'Ivan', 'Li', 'Sam', 'Olga', 'Wei', 'Anna', 'John', 'Elena'])[1 + id % 10] || ' ' ||
       (ARRAY['Smith', 'Petrov', 'Wang', 'Garcia', 'Ivanova', 'Chen', 'Brown', 'Kuznetsov', 'Zhang'])[1 + (id / 10) % 9] AS display_name,
       CASE WHEN r_currency < 0.45 THEN 'USD' WHEN r_currency < 0.65 THEN 'EUR' WHEN r_currency < 0.90 THEN 'RUB' ELSE 'CNY' END AS currency,
       -- A phone in the country of the account's currency (digits drawn from
       -- the id); one account in ten gave none, so call scripts meet both.
       CASE WHEN r_phone < 0.10 THEN NULL
            WHEN r_currency < 0.45 THEN '+1 555 ' || substr(lpad((id::bigint * 7919 % 10000000)::text, 7, '0'), 1, 3) || ' ' || substr(lpad((id::bigint * 7919 % 10000000)::text, 7, '0'), 4)
            WHEN r_currency < 0.65 THEN '+49 30 ' || lpad((id::bigint * 7919 % 10000000)::text, 7, '0')
            WHEN r_currency < 0.90 THEN '+7 495 ' || substr(lpad((id::bigint * 7919 % 10000000)::text, 7, '0'), 1, 3) || '-' || substr(lpad((id::bigint * 7919 % 10000000)::text, 7, '0'), 4, 2) || '-' || substr(lpad((id::bigint * 7919 % 10000000)::text, 7, '0'), 6)
            ELSE '+86 138 ' || substr(lpad((id::bigint * 7919 % 100000000)::text, 8, '0'), 1, 4) || ' ' || substr(lpad((id::bigint * 7919 % 100000000)::text, 8, '0'), 5)
       END AS phone,
       free,
       CASE WHEN r_service < 0.60 THEN 'mail' WHEN r_service < 0.85 THEN 'drive' ELSE 'both' END AS services,
       CASE WHEN free OR r_close >= 0.16 THEN NULL
            WHEN r_close < 0.12 THEN 'cancelled' ELSE 'disabled' END::account_status AS closed_status,
       CASE WHEN NOT free AND r_close < 0.16 AND created_at + (30 + r_close_at * 400) * interval '1 day' < demo_gen.demo_now()
            THEN created_at + (30 + r_close_at * 400) * interval '1 day' END AS closed_at,
       CASE WHEN free AND r_delete < 0.25
             AND greatest(created_at, demo_gen.t0() - interval '60 days') + r_delete_at * interval '200 days' < demo_gen.demo_now()
            THEN greatest(created_at + interval '1 day', demo_gen.t0() - interval '60 days') + r_delete_at * interval '200 days' END AS deleted_at
FROM base;
UPDATE demo_gen.w_accounts SET closed_status = NULL WHERE closed_at IS NULL;
ALTER TABLE demo_gen.w_accounts ADD PRIMARY KEY (id);
ANALYZE demo_gen.w_accounts;

-- The id of the account drawn (by salt and key) among those that existed at
-- time t: ids grow with creation time, so that is an id range. Callers join
-- it to w_accounts and keep only paying accounts open at t.
CREATE FUNCTION demo_gen.draw_account(t timestamptz, salt int, k bigint) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT 2 + floor(demo_gen.rnd(salt, k) *
                 CASE WHEN t < demo_gen.t0() THEN p.n_old
                      ELSE p.n_old + floor(p.n_new * extract(epoch FROM t - demo_gen.t0())
                                           / extract(epoch FROM demo_gen.demo_now() - demo_gen.t0())) END)::bigint
FROM demo_gen.params p $$;

CREATE UNLOGGED TABLE demo_gen.w_service_accounts AS
SELECT s.service_id, a.id AS account_id, (CASE s.service_id WHEN 1 THEN 'mail-' ELSE 'drive-' END) || a.id AS external_ref,
       a.created_at AS linked_at
FROM demo_gen.w_accounts a
JOIN (VALUES (1::smallint, 'mail'), (2::smallint, 'drive')) AS s (service_id, code)
  ON a.services = s.code OR a.services = 'both';

CREATE UNLOGGED TABLE demo_gen.w_account_events AS
SELECT id * 10 + 1 AS id, id AS account_id, 'created' AS kind, 'signup' AS actor, created_at AS at FROM demo_gen.w_accounts
UNION ALL
SELECT id * 10 + 2, id, closed_status::text, CASE closed_status WHEN 'cancelled' THEN 'customer' ELSE 'risk-team' END, closed_at
FROM demo_gen.w_accounts WHERE closed_at IS NOT NULL
UNION ALL
SELECT id * 10 + 3, id, 'deleted', 'support-gdpr', deleted_at FROM demo_gen.w_accounts WHERE deleted_at IS NOT NULL;

-- Subscriptions: one per paying account, plus the 2026-02-14 promotion.
CREATE UNLOGGED TABLE demo_gen.w_subscriptions AS
WITH base AS (
    SELECT a.id * 10 + 1 AS id, a.id AS account_id, a.currency,
           CASE WHEN demo_gen.rnd(10, a.id) < 0.5 THEN 'basic' WHEN demo_gen.rnd(10, a.id) < 0.85 THEN 'pro' ELSE 'team' END AS plan,
           a.created_at + demo_gen.rnd(11, a.id) * interval '3 days' AS created_at,
           a.closed_at,
           CASE WHEN demo_gen.rnd(12, a.id) < 0.10 THEN a.created_at + (30 + demo_gen.rnd(13, a.id) * 300) * interval '1 day' END AS voluntary_cancel,
           demo_gen.rnd(14, a.id) < 0.35 AS month_start
    FROM demo_gen.w_accounts a WHERE NOT a.free
)
SELECT id, account_id, plan, demo_gen.price(plan, currency) AS amount_minor, currency, created_at,
       CASE WHEN least(closed_at, voluntary_cancel) < demo_gen.demo_now() THEN least(closed_at, voluntary_cancel) END AS cancelled_at,
       CASE WHEN month_start THEN 1 ELSE least(extract(day FROM created_at)::int, 28) END AS renew_day,
       'signup-flow' AS created_by
FROM base
UNION ALL
SELECT a.id * 10 + 2, a.id, 'annual', demo_gen.price('annual', a.currency), a.currency,
       timestamptz '2026-02-14 08:00+00' + demo_gen.rnd(15, a.id) * interval '14 hours', NULL, 14, 'promo-valentine'
FROM demo_gen.w_accounts a
WHERE NOT a.free AND demo_gen.rnd(16, a.id) < 0.02 AND a.created_at < timestamptz '2026-02-14 00:00+00'
  AND (a.closed_at IS NULL OR a.closed_at > timestamptz '2026-05-01 00:00+00');
ALTER TABLE demo_gen.w_subscriptions ADD PRIMARY KEY (id);
ANALYZE demo_gen.w_subscriptions;

-- Charges. One-off orders: per hour of the 120 days, a count shaped by the
-- hour of day and the day of week; renewals: monthly on the renewal day at
-- night (the month-start wave); promotion charges at subscription time.
CREATE UNLOGGED TABLE demo_gen.w_payments (
    id bigint, account_id bigint, order_id bigint, subscription_id bigint, amount_minor bigint, currency char(3),
    status text, provider text, created_at timestamptz, kind text
);

INSERT INTO demo_gen.w_payments
WITH hours AS (
    SELECT h, demo_gen.t0() + h * interval '1 hour' AS hour_start
    FROM generate_series(0, 2879) AS h
), counts AS (
    SELECT h, hour_start,
           floor(p.e * 150 *
                 (ARRAY[0.25,0.15,0.1,0.1,0.15,0.3,0.6,0.9,1.2,1.4,1.5,1.5,1.5,1.5,1.45,1.4,1.4,1.4,1.45,1.5,1.4,1.1,0.75,0.45])[1 + extract(hour FROM hour_start)::int]
                 * (ARRAY[0.7,1.08,1.08,1.08,1.08,1.08,0.75])[1 + extract(dow FROM hour_start)::int]
                 * (0.85 + 0.3 * demo_gen.rnd(20, h)) * 1.4)::int AS n
    FROM hours, demo_gen.params p
), draws AS (
    SELECT 100000000 + c.h::bigint * 100000 + k AS id, c.hour_start + demo_gen.rnd(21, c.h::bigint * 100000 + k) * interval '1 hour' AS created_at
    FROM counts c, generate_series(1, c.n) AS k
), placed AS (
    SELECT d.id, d.created_at, demo_gen.draw_account(d.created_at, 22, d.id) AS account_id FROM draws d
)
SELECT pl.id, pl.account_id, pl.id, NULL::bigint,
       (round(exp(ln(500) + demo_gen.rnd(23, pl.id) * ln(40))) *
        CASE a.currency WHEN 'RUB' THEN 80 WHEN 'CNY' THEN 7 ELSE 1 END)::bigint,
       a.currency,
       CASE WHEN demo_gen.rnd(24, pl.id) < 0.02 THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN demo_gen.rnd(25, pl.id) < 0.7 THEN 'acq-a' ELSE 'acq-b' END,
       pl.created_at, 'one-off'
FROM placed pl JOIN demo_gen.w_accounts a ON a.id = pl.account_id
WHERE NOT a.free AND a.created_at < pl.created_at AND (a.closed_at IS NULL OR a.closed_at > pl.created_at);

INSERT INTO demo_gen.w_payments
SELECT 1000000000 + s.id * 10 + m, s.account_id, 1000000000 + s.id * 10 + m, s.id, s.amount_minor, s.currency,
       CASE WHEN demo_gen.rnd(30, s.id * 10 + m) < 0.03 THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN demo_gen.rnd(31, s.id) < 0.7 THEN 'acq-a' ELSE 'acq-b' END,
       renew_at, 'renewal'
FROM demo_gen.w_subscriptions s
CROSS JOIN generate_series(0, 3) AS m
CROSS JOIN LATERAL (SELECT make_timestamptz(2026, 1 + m, s.renew_day, 3, 0, 0, 'UTC')
                           + demo_gen.rnd(32, s.id * 10 + m) * interval '4 hours' AS renew_at) r
WHERE s.created_by = 'signup-flow'
  AND r.renew_at > s.created_at + interval '20 days'
  AND (s.cancelled_at IS NULL OR r.renew_at < s.cancelled_at)
  AND r.renew_at < demo_gen.demo_now();

INSERT INTO demo_gen.w_payments
SELECT 1100000000 + s.id, s.account_id, 1100000000 + s.id, s.id, s.amount_minor, s.currency, 'succeeded', 'acq-a',
       s.created_at + interval '20 seconds', 'promo'
FROM demo_gen.w_subscriptions s WHERE s.created_by = 'promo-valentine';

-- The 2026-03-03 outage: acq-a charges between 10:00 and 12:00 fail and are
-- retried once, successfully, on the same order after recovery.
UPDATE demo_gen.w_payments SET status = 'failed'
WHERE provider = 'acq-a' AND created_at >= timestamptz '2026-03-03 10:00+00' AND created_at < timestamptz '2026-03-03 12:00+00';
INSERT INTO demo_gen.w_payments
SELECT id + 3000000000, account_id, order_id, subscription_id, amount_minor, currency, 'succeeded', 'acq-a',
       timestamptz '2026-03-03 12:00+00' + demo_gen.rnd(33, id) * interval '90 minutes', kind || '-retry'
FROM demo_gen.w_payments
WHERE provider = 'acq-a' AND created_at >= timestamptz '2026-03-03 10:00+00' AND created_at < timestamptz '2026-03-03 12:00+00';
CREATE INDEX ON demo_gen.w_payments (created_at);
ANALYZE demo_gen.w_payments;

CREATE UNLOGGED TABLE demo_gen.w_orders AS
SELECT DISTINCT ON (order_id) order_id AS id, account_id, subscription_id, amount_minor, currency,
       CASE WHEN bool_or(status = 'succeeded') OVER (PARTITION BY order_id) THEN 'paid' ELSE 'failed' END AS status,
       min(created_at) OVER (PARTITION BY order_id) - interval '5 seconds' AS created_at
FROM demo_gen.w_payments ORDER BY order_id, created_at;

CREATE UNLOGGED TABLE demo_gen.w_invoices AS
SELECT DISTINCT ON (order_id) order_id AS id, account_id, subscription_id, amount_minor, currency,
       CASE WHEN bool_or(status = 'succeeded') OVER (PARTITION BY order_id) THEN 'paid' ELSE 'open' END AS status,
       min(created_at) OVER (PARTITION BY order_id) - interval '10 seconds' AS issued_at
FROM demo_gen.w_payments WHERE subscription_id IS NOT NULL ORDER BY order_id, created_at;

-- Normal refunds: about 0.5% of succeeded one-off charges, days later.
CREATE UNLOGGED TABLE demo_gen.w_refunds AS
SELECT p.id AS id, p.id AS payment_id,
       CASE WHEN demo_gen.rnd(40, p.id) < 0.7 THEN p.amount_minor ELSE p.amount_minor / 2 END AS amount_minor,
       p.currency, p.created_at + (1 + demo_gen.rnd(41, p.id) * 9) * interval '1 day' AS created_at,
       (ARRAY['customer request', 'duplicate purchase', 'service not delivered'])[1 + (p.id % 3)::int] AS reason,
       CASE WHEN demo_gen.rnd(42, p.id) < 0.6 THEN 'support-desk' ELSE 'billing-api' END AS source_app,
       NULL::text AS source_job, 'production' AS source_env
FROM demo_gen.w_payments p
WHERE p.kind = 'one-off' AND p.status = 'succeeded' AND demo_gen.rnd(43, p.id) < 0.005
  AND p.created_at + (1 + demo_gen.rnd(41, p.id) * 9) * interval '1 day' < demo_gen.demo_now();

-- Each service reports the accounts it knows once a day, a little after 02:00.
CREATE UNLOGGED TABLE demo_gen.w_sync_reports AS
SELECT d * 10 + s.service_id AS id, s.service_id::smallint AS service_id,
       demo_gen.t0() + d * interval '1 day' + interval '2 hours' + demo_gen.rnd(50, d * 10 + s.service_id) * interval '40 minutes' AS reported_at,
       (SELECT count(*) FROM demo_gen.w_service_accounts sa JOIN demo_gen.w_accounts a ON a.id = sa.account_id
        WHERE sa.service_id = s.service_id AND a.created_at < demo_gen.t0() + d * interval '1 day'
          AND (a.deleted_at IS NULL OR a.deleted_at >= demo_gen.t0() + d * interval '1 day'))::int AS accounts_reported
FROM generate_series(0, 119) AS d, (VALUES (1), (2)) AS s (service_id);

CREATE UNLOGGED TABLE demo_gen.w_agents AS
SELECT username, true AS active
FROM unnest(ARRAY['anna.k', 'boris.m', 'chen.l', 'dana.r', 'egor.p', 'fatima.s', 'george.h', 'hana.y', 'igor.v',
                  'julia.t', 'kevin.o', 'lena.b', 'mikhail.d', 'nina.f', 'oscar.w', 'polina.z', 'qiang.x',
                  'rosa.g', 'sergey.n', 'tanya.e', 'umar.c', 'vera.a', 'wen.j', 'xenia.q', 'yuri.u']) AS username;

-- Support conversations; those still moving at the backup change after it.
CREATE UNLOGGED TABLE demo_gen.w_conversations AS
WITH draws AS (
    SELECT j, demo_gen.t0() - interval '30 days' + demo_gen.rnd(60, j) * (demo_gen.demo_now() - demo_gen.t0() + interval '30 days') AS opened_at
    FROM demo_gen.params p, generate_series(1, p.n_conversations) AS j
), placed AS (
    SELECT d.j, d.opened_at, a.id AS account_id
    FROM draws d JOIN demo_gen.w_accounts a ON a.id = demo_gen.draw_account(d.opened_at, 61, d.j)
    WHERE NOT a.free AND a.created_at < d.opened_at AND (a.closed_at IS NULL OR a.closed_at > d.opened_at)
)
SELECT j AS id, account_id,
       (ARRAY['Card declined', 'Refund request', 'Invoice question', 'Cannot log in', 'Plan upgrade', 'Charged twice?'])[1 + (j % 6)::int] AS subject,
       opened_at,
       least(opened_at + demo_gen.rnd(62, j) * interval '10 days', demo_gen.demo_now() - interval '1 minute') AS updated_at,
       CASE WHEN demo_gen.rnd(63, j) < 0.15 THEN 'open' WHEN demo_gen.rnd(63, j) < 0.25 THEN 'pending'
            WHEN demo_gen.rnd(63, j) < 0.70 THEN 'solved' ELSE 'closed' END AS status,
       (SELECT username FROM demo_gen.w_agents ORDER BY username OFFSET (j % 25) LIMIT 1) AS assignee
FROM placed;
UPDATE demo_gen.w_conversations SET assignee = NULL WHERE status = 'open' AND demo_gen.rnd(64, id) < 0.3;

-- Investors: CNY accounts that deposited and earn interest, paid monthly on
-- the 25th through channel bank-a. On 2026-02-25 bank-a failed for ten of
-- them and bank-b retried: one succeeded payout each, not a duplicate.
CREATE UNLOGGED TABLE demo_gen.w_investors AS
SELECT a.id AS account_id,
       (round(exp(ln(5000000) + demo_gen.rnd(70, a.id) * ln(4))))::bigint AS deposit,
       least(a.created_at, demo_gen.t0() - interval '20 days') AS deposited_at
FROM demo_gen.w_accounts a
WHERE a.currency = 'CNY' AND NOT a.free AND a.closed_at IS NULL AND a.created_at < demo_gen.t0()
  AND demo_gen.rnd(71, a.id) < 0.3;
ALTER TABLE demo_gen.w_investors ADD COLUMN interest bigint;
UPDATE demo_gen.w_investors SET interest = round(deposit * 0.008);

CREATE UNLOGGED TABLE demo_gen.w_interest_payouts AS
WITH retried AS (
    SELECT account_id FROM demo_gen.w_investors ORDER BY demo_gen.rnd(72, account_id) LIMIT 10
), runs AS (
    SELECT i.account_id, i.interest, m,
           make_timestamptz(2026, m, 25, 1, 0, 0, 'UTC') + (row_number() OVER (PARTITION BY m ORDER BY i.account_id)) * interval '3 seconds' AS at
    FROM demo_gen.w_investors i, generate_series(1, 4) AS m
)
SELECT m * 10000000 + account_id * 10 + 1 AS id, account_id, '2026-0' || m AS period, interest AS amount_minor, 'CNY' AS currency,
       'bank-a' AS channel,
       CASE WHEN m = 2 AND account_id IN (SELECT account_id FROM retried) THEN 'failed' ELSE 'succeeded' END AS status,
       at AS created_at
FROM runs
UNION ALL
SELECT m * 10000000 + account_id * 10 + 2, account_id, '2026-0' || m, interest, 'CNY', 'bank-b', 'succeeded', at + interval '30 minutes'
FROM runs WHERE m = 2 AND account_id IN (SELECT account_id FROM retried);

CREATE UNLOGGED TABLE demo_gen.w_balance_movements AS
SELECT account_id * 100 AS id, account_id, 'deposit' AS kind, deposit AS amount_minor, deposited_at AS at FROM demo_gen.w_investors
UNION ALL
SELECT id, account_id, 'interest', amount_minor, created_at FROM demo_gen.w_interest_payouts WHERE status = 'succeeded';

-- ---------------------------------------------------------------------------
-- What existed at the backup moment.
-- ---------------------------------------------------------------------------
INSERT INTO services VALUES (1, 'mail', 'Mail'), (2, 'drive', 'Drive');
INSERT INTO support_agents SELECT * FROM demo_gen.w_agents;
INSERT INTO accounts (id, email, display_name, status, currency, created_at, closed_at, is_sentinel)
VALUES (1, 'deleted-accounts@billing.internal', 'Deleted accounts (sentinel)', 'disabled', 'USD',
        timestamptz '2020-01-01 00:00+00', NULL, true);

INSERT INTO accounts (id, email, display_name, phone, status, currency, created_at, closed_at)
SELECT id, email, display_name, phone,
       CASE WHEN closed_at < demo_gen.backup_at() THEN closed_status ELSE 'active' END,
       currency, created_at,
       CASE WHEN closed_at < demo_gen.backup_at() THEN closed_at END
FROM demo_gen.w_accounts
WHERE created_at < demo_gen.backup_at() AND (deleted_at IS NULL OR deleted_at >= demo_gen.backup_at());

INSERT INTO service_accounts
SELECT sa.* FROM demo_gen.w_service_accounts sa JOIN accounts a ON a.id = sa.account_id;
INSERT INTO account_events SELECT * FROM demo_gen.w_account_events WHERE at < demo_gen.backup_at();
INSERT INTO sync_reports SELECT * FROM demo_gen.w_sync_reports WHERE reported_at < demo_gen.backup_at();

INSERT INTO subscriptions (id, account_id, plan, status, amount_minor, currency, created_at, cancelled_at, renews_on, lock_at, created_by)
SELECT id, account_id, plan,
       CASE WHEN cancelled_at < demo_gen.backup_at() THEN 'cancelled' ELSE 'active' END,
       amount_minor, currency, created_at,
       CASE WHEN cancelled_at < demo_gen.backup_at() THEN cancelled_at END,
       CASE WHEN cancelled_at < demo_gen.backup_at() THEN NULL
            ELSE make_date(2026, 4, renew_day) + CASE WHEN renew_day < 10 THEN interval '1 month' ELSE interval '0' END END,
       NULL, created_by
FROM demo_gen.w_subscriptions WHERE created_at < demo_gen.backup_at();

INSERT INTO orders SELECT * FROM demo_gen.w_orders WHERE created_at < demo_gen.backup_at();
INSERT INTO invoices SELECT * FROM demo_gen.w_invoices WHERE issued_at < demo_gen.backup_at();
INSERT INTO payments
SELECT id, account_id, order_id, amount_minor, currency, status, provider, 'ch_' || md5(id::text),
       created_at, CASE WHEN status = 'succeeded' THEN created_at + interval '1 day' END
FROM demo_gen.w_payments WHERE created_at < demo_gen.backup_at();
INSERT INTO refunds SELECT * FROM demo_gen.w_refunds WHERE created_at < demo_gen.backup_at();

INSERT INTO investor_balances
SELECT i.account_id, 'CNY', sum(m.amount_minor), max(m.at)
FROM demo_gen.w_investors i JOIN demo_gen.w_balance_movements m ON m.account_id = i.account_id AND m.at < demo_gen.backup_at()
GROUP BY i.account_id;
INSERT INTO interest_payouts
SELECT id, account_id, period, amount_minor, currency, channel, status, 'TR-' || id, created_at
FROM demo_gen.w_interest_payouts WHERE created_at < demo_gen.backup_at();
INSERT INTO balance_movements SELECT * FROM demo_gen.w_balance_movements WHERE at < demo_gen.backup_at();

INSERT INTO support_conversations
SELECT id, account_id, subject,
       CASE WHEN updated_at < demo_gen.backup_at() THEN status ELSE 'open' END,
       CASE WHEN updated_at < demo_gen.backup_at() THEN assignee END,
       opened_at,
       CASE WHEN updated_at < demo_gen.backup_at() THEN updated_at ELSE opened_at END
FROM demo_gen.w_conversations WHERE opened_at < demo_gen.backup_at();

-- Genuine orphans from long before the incidents: 140 charges whose orders
-- an old clean-up hard-deleted, 20 whose accounts were hard-deleted.
INSERT INTO payments
SELECT 6000000000 + n, a.id, 7000000000 + n,
       (round(exp(ln(500) + demo_gen.rnd(80, n) * ln(40))) * CASE a.currency WHEN 'RUB' THEN 80 WHEN 'CNY' THEN 7 ELSE 1 END)::bigint,
       a.currency, 'succeeded', 'acq-b', 'ch_orphan_' || n, t, t + interval '1 day'
FROM generate_series(1, 140) AS n
CROSS JOIN LATERAL (SELECT demo_gen.t0() + demo_gen.rnd(81, n) * interval '85 days' AS t) tt
-- (on paying accounts that stay: a later GDPR deletion must not change the reason)
JOIN LATERAL (SELECT a.* FROM accounts a JOIN demo_gen.w_accounts w ON w.id = a.id
              WHERE a.id = 2 + (n * 97) % 5000 AND NOT w.free AND w.deleted_at IS NULL) a ON true;
INSERT INTO payments
SELECT 6000000000 + n, 8000000000 + n, 7000000000 + n, (1500 + n * 37)::bigint,
       (ARRAY['USD', 'EUR', 'RUB', 'CNY'])[1 + n % 4], 'succeeded', 'acq-b', 'ch_orphan_' || n, t, t + interval '1 day'
FROM generate_series(141, 160) AS n
CROSS JOIN LATERAL (SELECT demo_gen.t0() + demo_gen.rnd(81, n) * interval '85 days' AS t) tt;
INSERT INTO demo_truth.orphans
SELECT id, CASE WHEN id <= 6000000140 THEN 'order_missing' ELSE 'account_missing' END
FROM payments WHERE id BETWEEN 6000000001 AND 6000000160;

INSERT INTO demo_truth.facts VALUES
    ('scale', demo_gen.scale()::text),
    ('backup_taken_at', '2026-04-10 00:00:00+00'),
    ('demo_now', '2026-05-01 00:00:00+00');

-- Indexes after the bulk load.
CREATE INDEX ON accounts (status);
CREATE INDEX ON subscriptions (account_id);
CREATE INDEX ON subscriptions (created_at);
CREATE INDEX ON orders (account_id);
CREATE INDEX ON payments (account_id);
CREATE INDEX ON payments (order_id);
CREATE INDEX ON payments (created_at);
CREATE INDEX ON refunds (payment_id);
CREATE INDEX ON refunds (created_at);
CREATE INDEX ON invoices (account_id);
CREATE INDEX ON account_events (at);
CREATE INDEX ON interest_payouts (account_id, period);
CREATE INDEX ON support_conversations (account_id);
ANALYZE;
