-- Rows of one watched column (a value check or a share check), with the
-- value: those whose value is foreign, or that carry a value whose share
-- jumped, as the caller's condition says.
SELECT t.{key} AS row_key,
       {user} AS user_id,
       NULL::bigint AS amount_minor,
       NULL::text AS currency,
       t.{time} AS at,
       t.{column}::text AS value
FROM {table} AS t
WHERE {condition}
