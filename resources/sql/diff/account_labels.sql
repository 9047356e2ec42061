-- The accounts with the keys $1 (a text[]): key, e-mail and name as text
-- (NULL where the schema profile maps none).
SELECT a.{key}::text, {email}, {name} FROM {accounts} AS a WHERE a.{key}::text = ANY ($1::text[])
