-- payops demo inject wrong_customer_charges: incident 2 again, now. A batch
-- of new `pro` subscriptions by renewal-worker on cancelled or disabled USD
-- accounts, each charged in the last minute. Each injection picks accounts
-- it has not charged before. The caller sets payops_demo.actor and records
-- the window (DemoInjection).
CREATE TEMP TABLE inject_rows AS
SELECT v.account_id,
       (SELECT greatest(max(s.id), (SELECT max(id) FROM orders), (SELECT max(id) FROM invoices),
                        (SELECT max(id) FROM payments)) FROM subscriptions s) + v.n AS id,
       9900 + (v.account_id * 37 % 11000) AS amount_minor,
       now() - interval '20 seconds' - (26 - v.n) * interval '2 seconds' AS at
FROM (SELECT a.id AS account_id, row_number() OVER (ORDER BY md5(a.id::text || now()::text)) AS n
      FROM accounts a
      WHERE a.status IN ('cancelled', 'disabled') AND a.currency = 'USD' AND NOT a.is_sentinel
        AND a.closed_at < now() - interval '1 hour'
        AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = a.id AND s.created_by = 'renewal-worker')
      ORDER BY 2 LIMIT 25) v;
INSERT INTO subscriptions (id, account_id, plan, status, amount_minor, currency, created_at, cancelled_at, renews_on, lock_at, created_by)
SELECT id, account_id, 'pro', 'active', amount_minor, 'USD', at, NULL, (at + interval '1 month')::date, NULL, 'renewal-worker'
FROM inject_rows;
INSERT INTO orders SELECT id, account_id, id, amount_minor, 'USD', 'paid', at + interval '1 second' FROM inject_rows;
INSERT INTO invoices SELECT id, account_id, id, amount_minor, 'USD', 'paid', at + interval '1 second' FROM inject_rows;
INSERT INTO payments
SELECT id, account_id, id, amount_minor, 'USD', 'succeeded', 'acq-a', 'ch_' || md5(id::text), at + interval '2 seconds', NULL
FROM inject_rows;
INSERT INTO demo_truth.changes (actor, table_name, pk, action, new_row)
SELECT current_setting('payops_demo.actor'), r.name, jsonb_build_object('id', i.id), 'insert', r.row
FROM inject_rows i
CROSS JOIN LATERAL (VALUES
    ('subscriptions', (SELECT to_jsonb(x) FROM subscriptions x WHERE x.id = i.id)),
    ('orders', (SELECT to_jsonb(x) FROM orders x WHERE x.id = i.id)),
    ('invoices', (SELECT to_jsonb(x) FROM invoices x WHERE x.id = i.id)),
    ('payments', (SELECT to_jsonb(x) FROM payments x WHERE x.id = i.id))) AS r(name, row);
