-- The keys (as jsonb text) of the rows filed under user $1.
SELECT {key_text} FROM {table} AS t WHERE t.{user_column}::text = $1
