-- The first of the candidate names ($2, a text[] in order of preference)
-- that is a column of the table ($1, qualified), or no row: the column
-- that says who moved a payment's money (an acquirer, a provider).
SELECT a.attname::text AS name
FROM unnest($2::text[]) WITH ORDINALITY AS n (name, pos)
JOIN pg_attribute AS a
  ON a.attrelid = to_regclass($1) AND a.attname = n.name AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.pos
LIMIT 1
