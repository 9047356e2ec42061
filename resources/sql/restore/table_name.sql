-- The schema and name of a table an item names (schema-qualified, quoted).
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = to_regclass($1)
