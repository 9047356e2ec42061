-- Leaves of an integer-led key: every key (as jsonb text) and row hash
-- in the ranges [$1[i], $2[i]), read through the key's index.
SELECT {key_text}, {row_hash}
FROM unnest($1::bigint[], $2::bigint[]) AS r (lo, hi)
CROSS JOIN LATERAL (SELECT * FROM {table} AS t
                    WHERE t.{key} >= r.lo AND t.{key} < r.hi OFFSET 0) AS t
