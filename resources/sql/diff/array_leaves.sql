-- Leaves of a single integer key: a row per range [$1[i], $2[i]) in the
-- order given, its keys and row hashes as two arrays, by a plain
-- aggregate over the key's index.
SELECT r.i, a.keys, a.hashes
FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS r (lo, hi, i)
CROSS JOIN LATERAL (SELECT array_agg(t.{key})::text AS keys, array_agg({row_hash})::text AS hashes
    FROM {table} AS t WHERE t.{key} >= r.lo AND t.{key} < r.hi) AS a
