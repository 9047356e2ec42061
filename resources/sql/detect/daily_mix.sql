-- Rows per day and value of one column: the daily mix whose sudden shifts
-- the share check looks for.
SELECT date_trunc('day', t.{time}) AS day,
       t.{column}::text AS value,
       count(*) AS rows
FROM {table} AS t
WHERE {window}
GROUP BY 1, 2
