-- The rows that carry the value whose share jumped, in its window.
SELECT t.{key} AS row_key,
       {user} AS user_id,
       NULL::bigint AS amount_minor,
       NULL::text AS currency,
       t.{time} AS at,
       t.{column}::text AS value
FROM {table} AS t
WHERE t.{time} >= {window_start} AND t.{time} < {window_end}
  AND t.{column}::text = {value}
