-- Payouts paid more than once: the same user and reference (a period, an
-- invoice) paid again, on any channel, within the window. One row per extra
-- payout, with the one it repeats.
WITH candidates AS (
    SELECT p.*,
           row_number() OVER w AS nth,
           first_value(p.{payout_key}) OVER w AS first_key,
           first_value(p.{payout_time}) OVER w AS first_at
    FROM {payouts} AS p
    WHERE {payout_succeeded}
      AND (p.{payout_user}, p.{payout_reference}) IN (
          SELECT q.{payout_user}, q.{payout_reference} FROM {payouts} AS q WHERE q.{payout_time} >= {since} AND q.{payout_time} < {until})
    WINDOW w AS (PARTITION BY p.{payout_user}, p.{payout_reference} ORDER BY p.{payout_time}, p.{payout_key})
)
SELECT p.{payout_key} AS row_key,
       p.{payout_user} AS user_id,
       p.{payout_amount} AS amount_minor,
       {payout_currency} AS currency,
       p.{payout_time} AS at,
       p.{payout_reference}::text AS reference,
       p.first_key AS repeats_key,
       p.first_at AS repeats_at
FROM candidates AS p
WHERE p.nth > 1
  AND p.{payout_time} >= {since} AND p.{payout_time} < {until}
  AND p.{payout_time} - p.first_at <= {window}
