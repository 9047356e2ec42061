-- Orphaned charges: the account does not exist, is soft-deleted or is the
-- sentinel "deleted accounts" account; or the account is real but the
-- order does not exist. One row per charge, with the reason. Read-only.
-- A charge taken before its account's soft delete is history, not an
-- orphan: only what was charged at or after the deletion is listed.
-- Each check first finds the few bad keys from the key columns alone
-- (index-only anti-joins when the user and order columns are indexed, as
-- foreign-key columns usually are), then reads just the charges they name.
SELECT c.{charge_key} AS row_key,
       c.{charge_user} AS user_id,
       {charge_amount} AS amount_minor,
       {charge_currency} AS currency,
       c.{charge_time} AS at,
       {charge_order} AS order_id,
       CASE
           WHEN a.{account_key} IS NULL THEN 'account_missing'
           WHEN {is_sentinel} THEN 'parked_on_sentinel'
           ELSE 'account_deleted'
       END AS reason
FROM {charges} AS c
LEFT JOIN {accounts} AS a ON a.{account_key} = c.{charge_user}
WHERE {recent_c}
  AND NOT coalesce({is_deleted} AND NOT {is_sentinel} AND c.{charge_time} < {account_deleted_at}, false)
  AND c.{charge_user} IN (SELECT p.{charge_user}
                          FROM {charges} AS p
                          WHERE {recent_p}
                            AND NOT EXISTS (SELECT 1 FROM {accounts} AS x
                                            WHERE x.{account_key} = p.{charge_user})
                          UNION
                          SELECT a.{account_key} FROM {accounts} AS a WHERE {is_sentinel} OR {is_deleted}){order_part}
