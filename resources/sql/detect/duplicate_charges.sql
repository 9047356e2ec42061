-- Orders charged more than once: a second charge that took money for an
-- order that had already been paid. One row per extra charge. The orders
-- with more than one charge of any kind come first, from the order index
-- alone (few: retries after failures); only their charges are read.
WITH ranked AS (
    SELECT c.*,
           row_number() OVER w AS nth,
           first_value(c.{charge_key}) OVER w AS first_key
    FROM {charges} AS c
    WHERE {charge_succeeded} AND {charge_is_order}
      AND c.{charge_order} = ANY (ARRAY(
          SELECT d.{charge_order}
          FROM {charges} AS d
          WHERE d.{charge_order} IS NOT NULL AND {order_link_d} AND {recent_orders}
          GROUP BY d.{charge_order}
          HAVING count(*) > 1))
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
WHERE c.nth > 1 AND c.{charge_time} >= {since} AND c.{charge_time} < {until}
