-- The refunds named by the operator's rows (their "refund" column), with
-- the account whose charge they refunded.
SELECT r.{refund_key}::text AS refund_key,
       c.{charge_user}::text AS account,
       r.{refund_amount} AS amount_minor,
       {refund_currency} AS currency
FROM {refunds} AS r
JOIN {charges} AS c ON c.{charge_key} = r.{refund_charge}
WHERE r.{refund_key}::text IN (SELECT x.refund::text FROM (
{rows}
) AS x)
ORDER BY r.{refund_key}
