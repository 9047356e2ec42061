-- payops demo inject staging_refunds: incident 3 again, now. A batch of
-- refunds by orphan-cleanup / cancel-orphan-payments from `staging`, reason
-- "order not found", of real RUB payments whose orders exist, each half its
-- charge, in the last few minutes.
CREATE TEMP TABLE inject_rows AS
SELECT (SELECT max(id) FROM refunds) + p.n AS id, p.id AS payment_id, p.amount_minor / 2 AS amount_minor,
       now() - interval '20 seconds' - (301 - p.n) * interval '1 second' AS at
FROM (SELECT p.id, p.amount_minor, row_number() OVER (ORDER BY md5(p.id::text || now()::text)) AS n
      FROM payments p
      WHERE p.currency = 'RUB' AND p.status = 'succeeded' AND p.account_id <> 1 AND p.amount_minor >= 100000
        AND EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id)
        AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id)
      ORDER BY 3 LIMIT 300) p;
INSERT INTO refunds
SELECT id, payment_id, amount_minor, 'RUB', at, 'order not found', 'orphan-cleanup', 'cancel-orphan-payments', 'staging'
FROM inject_rows;
INSERT INTO demo_truth.changes (actor, table_name, pk, action, new_row)
SELECT current_setting('payops_demo.actor'), 'refunds', jsonb_build_object('id', r.id), 'insert', to_jsonb(r)
FROM refunds r JOIN inject_rows i ON i.id = r.id;
