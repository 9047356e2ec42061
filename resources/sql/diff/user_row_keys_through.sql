-- The keys (as jsonb text) of the rows filed under the users $1 (a text
-- array) through another table (refunds through their charges).
SELECT {key_text}
FROM {table} AS t
WHERE t.{user_column} IN (SELECT x.{through_key} FROM {through} AS x
                          WHERE x.{through_user} = ANY ($1::text[]::{through_user_type}[]))
