-- The accounts an operator's rows name (their user_id column), with what
-- the rows moved per currency when they say (amount_minor, currency) and
-- how many rows each.
SELECT x.user_id::text AS account,
       coalesce(jsonb_object_agg(x.currency, x.total) FILTER (WHERE x.currency IS NOT NULL), '{}')::text AS amounts,
       sum(x.rows) AS rows
FROM (SELECT r.user_id, nullif(btrim(to_jsonb(r) ->> 'currency'), '') AS currency,
             sum((to_jsonb(r) ->> 'amount_minor')::numeric)::text AS total, count(*) AS rows
      FROM (
{rows}
) AS r
      WHERE r.user_id IS NOT NULL
      GROUP BY 1, 2) x
GROUP BY x.user_id
ORDER BY length(x.user_id::text), x.user_id::text
