-- Orders (or invoices) paid beyond their total: a successful charge taken
-- when the successful charges before it had already paid the whole total.
-- Instalments that add up to the total are not listed, nor are retries
-- after a failure (only successful charges count). One row per charge
-- beyond the total, with the first charge of its order. As in
-- duplicate_charges.sql, only orders with more than one charge are read.
WITH paid AS (
    SELECT c.*,
           sum(c.{charge_amount}) OVER w - c.{charge_amount} AS paid_before,
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
       o.{order_total} AS order_total_minor,
       c.first_key AS repeats_key
FROM paid AS c
JOIN {orders} AS o ON o.{order_key} = c.{charge_order}
WHERE c.paid_before >= o.{order_total}
  AND c.{charge_time} >= {since} AND c.{charge_time} < {until}
