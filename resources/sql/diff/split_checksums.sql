-- One level down: ranges [$1[i], $2[i]) cut into parts of width $3[i],
-- each part's count and XOR of row hashes, read through the key's index.
SELECT r.i, (t.{key} - r.lo) / r.w AS part, count(*), bit_xor({row_hash})::text
FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS r (lo, hi, w, i)
CROSS JOIN LATERAL (SELECT * FROM {table} AS t
                    WHERE t.{key} >= r.lo AND t.{key} < r.hi OFFSET 0) AS t
GROUP BY 1, 2
