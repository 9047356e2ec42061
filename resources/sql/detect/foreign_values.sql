-- Values that exist nowhere in their reference list (an assignee who is not
-- an agent): data that came from somewhere else, such as a test database.
SELECT t.{key} AS row_key,
       {user} AS user_id,
       NULL::bigint AS amount_minor,
       NULL::text AS currency,
       t.{time} AS at,
       t.{column}::text AS value
FROM {table} AS t
WHERE t.{time} >= {since}
  AND t.{column} IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {known_table} AS k WHERE k.{known_column}::text = t.{column}::text)
