-- Orders charged more than once: a second charge that took money for an
-- order that had already been paid. One row per extra charge.
WITH repeated AS (
    SELECT c.{charge_order} AS order_ref
    FROM {charges} AS c
    WHERE {charge_succeeded} AND {recent_orders}
    GROUP BY c.{charge_order}
    HAVING count(*) > 1
), ranked AS (
    SELECT c.*,
           row_number() OVER w AS nth,
           first_value(c.{charge_key}) OVER w AS first_key
    FROM {charges} AS c
    JOIN repeated ON repeated.order_ref = c.{charge_order}
    WHERE {charge_succeeded}
    WINDOW w AS (PARTITION BY c.{charge_order} ORDER BY c.{charge_time}, c.{charge_key})
)
SELECT c.{charge_key} AS row_key,
       c.{charge_user} AS user_id,
       c.{charge_amount} AS amount_minor,
       {charge_currency} AS currency,
       c.{charge_time} AS at,
       c.{charge_order} AS order_id,
       c.first_key AS repeats_key
FROM ranked AS c
WHERE c.nth > 1 AND c.{charge_time} >= {since}
