-- Orphaned charges: the account or order does not exist, the account is
-- soft-deleted, or the charge was parked on the sentinel "deleted accounts"
-- account. One row per charge, with the reason. Read-only. Outer joins (not
-- NOT EXISTS under an OR) so that PostgreSQL can hash both lookups.
SELECT c.{charge_key} AS row_key,
       c.{charge_user} AS user_id,
       {charge_amount} AS amount_minor,
       {charge_currency} AS currency,
       c.{charge_time} AS at,
       {charge_order} AS order_id,
       CASE
           WHEN a.{account_key} IS NULL THEN 'account_missing'
           WHEN {is_sentinel} THEN 'parked_on_sentinel'
           WHEN {is_deleted} THEN 'account_deleted'
           ELSE 'order_missing'
       END AS reason
FROM {charges} AS c
LEFT JOIN {accounts} AS a ON a.{account_key} = c.{charge_user}{orders_join}
WHERE c.{charge_time} >= {since}
  AND (a.{account_key} IS NULL OR {is_sentinel} OR {is_deleted} OR {order_missing})
