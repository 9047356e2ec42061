-- payops demo inject double_interest: incident 5 again, now. Investors who
-- have not been paid this month's interest are paid by bank-a a few minutes
-- ago and again by bank-b a minute ago. The bank-a payouts are ordinary
-- life (recorded as `normal`); the bank-b ones are the incident.
CREATE TEMP TABLE inject_rows AS
SELECT b.account_id, b.n, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') AS period,
       (SELECT max(id) FROM interest_payouts) + 2 * b.n - 1 AS first_id,
       (SELECT max(id) FROM interest_payouts) + 2 * b.n AS second_id,
       (SELECT max(id) FROM balance_movements) + 2 * b.n - 1 AS first_movement,
       (SELECT max(id) FROM balance_movements) + 2 * b.n AS second_movement,
       50000 + b.account_id % 70000 AS amount_minor,
       now() - interval '4 minutes' - b.n * interval '1 second' AS first_at,
       now() - interval '1 minute' - b.n * interval '1 second' AS second_at
FROM (SELECT b.account_id, row_number() OVER (ORDER BY md5(b.account_id::text || now()::text)) AS n
      FROM investor_balances b
      WHERE b.currency = 'CNY'
        AND NOT EXISTS (SELECT 1 FROM interest_payouts p WHERE p.account_id = b.account_id
                        AND p.period = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'))
      ORDER BY 2 LIMIT 10) b;
INSERT INTO interest_payouts
SELECT first_id, account_id, period, amount_minor, 'CNY', 'bank-a', 'succeeded', 'TR-' || first_id, first_at FROM inject_rows
UNION ALL
SELECT second_id, account_id, period, amount_minor, 'CNY', 'bank-b', 'succeeded', 'TR-' || second_id, second_at FROM inject_rows;
-- Each payout is credited to the balance (the movement's trigger moves it).
INSERT INTO balance_movements
SELECT first_movement, account_id, 'interest', amount_minor, first_at FROM inject_rows
UNION ALL
SELECT second_movement, account_id, 'interest', amount_minor, second_at FROM inject_rows;
INSERT INTO demo_truth.changes (actor, table_name, pk, action, new_row)
SELECT CASE WHEN r.second THEN current_setting('payops_demo.actor') ELSE 'normal' END, r.name,
       jsonb_build_object('id', r.id), 'insert', r.row
FROM inject_rows i
CROSS JOIN LATERAL (VALUES
    (false, 'interest_payouts', i.first_id, (SELECT to_jsonb(x) FROM interest_payouts x WHERE x.id = i.first_id)),
    (true, 'interest_payouts', i.second_id, (SELECT to_jsonb(x) FROM interest_payouts x WHERE x.id = i.second_id)),
    (false, 'balance_movements', i.first_movement, (SELECT to_jsonb(x) FROM balance_movements x WHERE x.id = i.first_movement)),
    (true, 'balance_movements', i.second_movement, (SELECT to_jsonb(x) FROM balance_movements x WHERE x.id = i.second_movement)))
    AS r(second, name, id, row);
