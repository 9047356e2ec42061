-- Of the given rows (a JSON array of objects holding at least the match
-- columns), the positions of those whose match columns a row of the table
-- already holds, with that row's key: a key reused, a unique value taken,
-- a parent that exists.
SELECT e.n AS wanted, {found_key} AS found_key
FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, n)
CROSS JOIN LATERAL jsonb_populate_record(NULL::{table}, e.v) AS k
JOIN {table} AS t ON {match}
