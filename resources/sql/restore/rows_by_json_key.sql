-- The rows of the table matching the given JSON objects on the match
-- columns, whole, with the position of the object each matched.
SELECT e.n AS wanted, to_jsonb(t)::text AS row_json, {found_key} AS found_key
FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, n)
CROSS JOIN LATERAL jsonb_populate_record(NULL::{table}, e.v) AS k
JOIN {table} AS t ON {match}
