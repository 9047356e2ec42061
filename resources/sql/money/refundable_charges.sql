-- The charges named by the operator's rows (their "charge" column), each
-- with what may still be refunded: its amount less the refunds recorded.
SELECT c.{charge_key}::text AS charge_key,
       c.{charge_user}::text AS account,
       c.{charge_amount} AS amount_minor,
       {charge_currency} AS currency,
       {charge_reference} AS reference,
       {charge_succeeded} AS succeeded,
       coalesce((SELECT sum(r.{refund_amount}) FROM {refunds} AS r WHERE r.{refund_charge} = c.{charge_key}), 0)
           AS refunded
FROM {charges} AS c
WHERE c.{charge_key}::text IN (SELECT x.charge::text FROM (
{rows}
) AS x)
ORDER BY c.{charge_key}
