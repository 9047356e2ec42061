-- The unique constraints of a table other than its primary key: a row put
-- back may find one of their values taken by a row created since.
SELECT c.conname::text AS name,
       (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns
FROM pg_constraint c
WHERE c.conrelid = to_regclass($1) AND c.contype = 'u'
ORDER BY 1
