-- Refunds that break an invariant, with the first rule each one breaks:
-- issued by a non-production source, of a charge that does not exist, above
-- the charge, or of a charge that never took money.
SELECT r.{refund_key} AS row_key,
       c.{charge_user} AS user_id,
       r.{refund_amount} AS amount_minor,
       {refund_currency} AS currency,
       r.{refund_time} AS at,
       {refund_source} AS source,
       c.{charge_amount} AS charge_amount_minor,
       CASE
           WHEN {non_production} THEN 'non_production_source'
           WHEN c.{charge_key} IS NULL THEN 'charge_missing'
           WHEN r.{refund_amount} > c.{charge_amount} THEN 'above_charge'
           ELSE 'charge_not_taken'
       END AS rule
FROM {refunds} AS r
LEFT JOIN {charges} AS c ON c.{charge_key} = r.{refund_charge}
WHERE r.{refund_time} >= {since} AND r.{refund_time} < {until}
  AND ({non_production} OR c.{charge_key} IS NULL OR r.{refund_amount} > c.{charge_amount}
       OR {charge_not_taken})
