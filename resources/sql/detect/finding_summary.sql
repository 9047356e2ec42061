-- Counts, users and per-currency totals of a finding's rows, and the time
-- they span; the row with overall = 1 is the whole.
SELECT currency,
       count(*) AS rows,
       count(DISTINCT user_id) AS users,
       coalesce(sum(amount_minor), 0) AS amount_minor,
       min(at) AS first_at,
       max(at) AS last_at,
       GROUPING(currency) AS overall
FROM (
{rows}
) AS r
GROUP BY GROUPING SETS ((currency), ())
