-- payops demo inject account_deletions: incident 1 again, now. Active paid
-- accounts known only to drive are deleted by sync-job in the last minutes,
-- after their subscriptions, orders, invoices, payments and conversations
-- are re-parented to the sentinel account 1.
CREATE TEMP TABLE inject_victims AS
SELECT v.id, (SELECT max(id) FROM account_events) + v.n AS event_id, now() - interval '20 seconds' - (41 - v.n) * interval '5 seconds' AS deleted_at
FROM (SELECT a.id, row_number() OVER (ORDER BY md5(a.id::text || now()::text)) AS n
      FROM accounts a
      WHERE a.status = 'active' AND NOT a.is_sentinel
        AND EXISTS (SELECT 1 FROM service_accounts s WHERE s.account_id = a.id AND s.service_id = 2)
        AND NOT EXISTS (SELECT 1 FROM service_accounts s WHERE s.account_id = a.id AND s.service_id <> 2)
        AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM investor_balances b WHERE b.account_id = a.id)
      ORDER BY 2 LIMIT 40) v;
CREATE TEMP TABLE inject_old (table_name text, id bigint, old_row jsonb);
INSERT INTO inject_old
SELECT 'subscriptions', t.id, to_jsonb(t) FROM subscriptions t JOIN inject_victims v ON v.id = t.account_id
UNION ALL SELECT 'orders', t.id, to_jsonb(t) FROM orders t JOIN inject_victims v ON v.id = t.account_id
UNION ALL SELECT 'invoices', t.id, to_jsonb(t) FROM invoices t JOIN inject_victims v ON v.id = t.account_id
UNION ALL SELECT 'payments', t.id, to_jsonb(t) FROM payments t JOIN inject_victims v ON v.id = t.account_id
UNION ALL SELECT 'support_conversations', t.id, to_jsonb(t) FROM support_conversations t JOIN inject_victims v ON v.id = t.account_id
UNION ALL SELECT 'accounts', t.id, to_jsonb(t) FROM accounts t JOIN inject_victims v ON v.id = t.id;
UPDATE subscriptions t SET account_id = 1 FROM inject_victims v WHERE t.account_id = v.id;
UPDATE orders t SET account_id = 1 FROM inject_victims v WHERE t.account_id = v.id;
UPDATE invoices t SET account_id = 1 FROM inject_victims v WHERE t.account_id = v.id;
UPDATE support_conversations t SET account_id = 1 FROM inject_victims v WHERE t.account_id = v.id;
INSERT INTO demo_truth.orphans
SELECT p.id, 'parked_on_sentinel' FROM payments p JOIN inject_victims v ON v.id = p.account_id
ON CONFLICT (payment_id) DO UPDATE SET reason = 'parked_on_sentinel';
UPDATE payments t SET account_id = 1 FROM inject_victims v WHERE t.account_id = v.id;
INSERT INTO account_events SELECT event_id, id, 'deleted', 'sync-job', deleted_at FROM inject_victims;
DELETE FROM accounts a USING inject_victims v WHERE a.id = v.id;
INSERT INTO demo_truth.changes (actor, table_name, pk, action, old_row, new_row)
SELECT current_setting('payops_demo.actor'), o.table_name, jsonb_build_object('id', o.id),
       CASE WHEN o.table_name = 'accounts' THEN 'delete' ELSE 'update' END, o.old_row,
       CASE WHEN o.table_name = 'accounts' THEN NULL ELSE o.old_row || '{"account_id": 1}' END
FROM inject_old o
UNION ALL
SELECT current_setting('payops_demo.actor'), 'account_events', jsonb_build_object('id', e.id), 'insert', NULL, to_jsonb(e)
FROM account_events e JOIN inject_victims v ON v.event_id = e.id;
