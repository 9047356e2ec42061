-- The columns of the table a ledger refund is written into ($1, qualified),
-- in order, and whether each must hold a value.
SELECT a.attname::text AS name, a.attnotnull AS not_null
FROM pg_attribute a
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
