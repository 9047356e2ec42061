-- The users a finding affects, with their rows and amounts per currency:
-- the list support works through.
SELECT r.user_id,
       {account_email} AS email,
       {account_name} AS name,
       count(*) AS rows,
       r.currency,
       sum(r.amount_minor) AS amount_minor,
       min(r.at) AS first_at,
       max(r.at) AS last_at
FROM (
{rows}
) AS r
LEFT JOIN {accounts} AS a ON a.{account_key}::text = r.user_id::text
GROUP BY 1, 2, 3, 5
