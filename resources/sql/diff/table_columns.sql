-- A table's columns in order ($1 schema, $2 table): name, type, type
-- category, position in the primary key (NULL: not a key column), and
-- whether this role may read it.
SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory,
       array_position(i.indkey::int2[], a.attnum) AS key_position,
       has_table_privilege(c.oid, 'SELECT')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
ORDER BY a.attnum
