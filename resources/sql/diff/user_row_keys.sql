-- The keys (as jsonb text) of the rows filed under the users $1 (a text
-- array, cast to the user column's type so that its index serves).
SELECT {key_text} FROM {table} AS t WHERE t.{user_column} = ANY ($1::text[]::{user_type}[])
