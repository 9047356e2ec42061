-- The first pass: every row's part and hash, grouped into each part's
-- count and XOR of hashes, sorted by part for the merge of both sides.
-- The hash is computed below a fence (OFFSET 0) so that the grouping sees
-- a narrow row and PostgreSQL hashes the parts instead of sorting every
-- row; only the parts are sorted.
SELECT * FROM (
    SELECT part, count(*), bit_xor(h)::text FROM (
        SELECT {part} AS part, {row_hash} AS h FROM {table} AS t OFFSET 0) AS rows
    GROUP BY 1 OFFSET 0) AS parts
ORDER BY 1
