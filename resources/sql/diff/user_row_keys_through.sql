-- The keys (as jsonb text) of the rows filed under user $1 through another
-- table (refunds through their charges).
SELECT {key_text}
FROM {table} AS t
WHERE t.{user_column} IN (SELECT x.{through_key} FROM {through} AS x
                          WHERE x.{through_user}::text = $1)
