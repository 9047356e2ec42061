-- The order checks of orphans.sql: a missing order, then no order at all.
-- Two branches rather than one with OR, which would keep PostgreSQL from
-- reading the few charges each names through the order index. With a
-- polymorphic link only the charges whose type is an order's are judged.
UNION ALL
SELECT c.{charge_key},
       c.{charge_user},
       {charge_amount},
       {charge_currency},
       c.{charge_time},
       {charge_order},
       'order_missing'
FROM {charges} AS c
JOIN {accounts} AS a ON a.{account_key} = c.{charge_user}
WHERE {recent_c}
  AND NOT ({is_sentinel} OR {is_deleted}) AND {charge_is_order}
  AND c.{charge_order_column} IN (SELECT p.{charge_order_column}
                                  FROM {charges} AS p
                                  WHERE {recent_p}
                                    AND NOT EXISTS (SELECT 1 FROM {orders} AS o
                                                    WHERE o.{order_key} = p.{charge_order_column}))
UNION ALL
SELECT c.{charge_key},
       c.{charge_user},
       {charge_amount},
       {charge_currency},
       c.{charge_time},
       {charge_order},
       'order_missing'
FROM {charges} AS c
JOIN {accounts} AS a ON a.{account_key} = c.{charge_user}
WHERE {recent_c}
  AND NOT ({is_sentinel} OR {is_deleted}) AND {charge_is_order}
  AND c.{charge_order_column} IS NULL
