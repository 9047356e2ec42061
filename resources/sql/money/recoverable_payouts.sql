-- The payouts named by the operator's rows (their "payout" column: the
-- duplicates a finding lists), with what each person holds now and what
-- they moved out since the first duplicate. What can be taken back of each
-- duplicate is what the balance still holds, spent on a person's
-- duplicates in the order they were paid (a running sum).
WITH duplicates AS (
    SELECT p.{payout_key}::text AS payout_key,
           p.{payout_user} AS account,
           p.{payout_amount} AS amount_minor,
           {payout_currency} AS currency,
           p.{payout_time} AS paid_at,
           p.{payout_succeeded} AS succeeded
    FROM {payouts} AS p
    WHERE p.{payout_key}::text IN (SELECT x.payout::text FROM (
{rows}
) AS x)
), holdings AS (
    SELECT d.*,
           b.{balance_amount} AS balance_minor,
           {balance_currency} AS balance_currency,
           (SELECT coalesce(-sum(m.{movement_amount}), 0) FROM {movements} AS m
            WHERE m.{movement_user} = d.account AND m.{movement_amount} < 0
              AND m.{movement_time} > (SELECT min(e.paid_at) FROM duplicates e WHERE e.account = d.account))
               AS moved_out_minor,
           sum(d.amount_minor) FILTER (WHERE d.succeeded) OVER (
               PARTITION BY d.account ORDER BY d.paid_at, d.payout_key
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_minor
    FROM duplicates AS d
    LEFT JOIN {balances} AS b ON b.{balance_user} = d.account
)
SELECT payout_key, account::text AS account, amount_minor, currency, succeeded,
       balance_minor, balance_currency, moved_out_minor,
       greatest(0, least(amount_minor, coalesce(balance_minor, 0) - coalesce(earlier_minor, 0))) AS recoverable_minor
FROM holdings
ORDER BY account, paid_at, payout_key
