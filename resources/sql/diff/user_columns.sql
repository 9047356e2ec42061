-- The keyed tables of schema $1 with a column that holds an account's key
-- of table $2: by a foreign key to it, or by the name $3 (legacy tables
-- often lack the key). Table and column, in order.
SELECT DISTINCT c.relname, a.attname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> $2
  AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)
  AND (a.attname = $3 OR EXISTS (
      SELECT 1 FROM pg_constraint k JOIN pg_class f ON f.oid = k.confrelid
      WHERE k.conrelid = c.oid AND k.contype = 'f' AND f.relname = $2
        AND k.conkey = ARRAY[a.attnum]))
ORDER BY 1, 2
