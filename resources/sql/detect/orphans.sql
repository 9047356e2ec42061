-- Orphaned payments: charges whose order or account no longer exists, and
-- charges parked on the sentinel "deleted accounts" account. One row per
-- payment, with the reason. Read-only; safe to run on production.
SELECT p.id           AS payment_id,
       p.account_id,
       p.order_id,
       p.amount_minor,
       p.currency,
       p.status,
       p.provider,
       p.created_at,
       CASE
           WHEN a.id IS NULL THEN 'account_missing'
           WHEN a.is_sentinel THEN 'parked_on_sentinel'
           ELSE 'order_missing'
       END            AS reason
FROM payments p
LEFT JOIN accounts a ON a.id = p.account_id
WHERE a.id IS NULL
   OR a.is_sentinel
   OR NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id)
