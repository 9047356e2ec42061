-- The rows with the keys $1 (a JSON array of key objects), whole, found by
-- their primary key, and whether each was created after the backup was
-- taken.
SELECT {key_text}, to_jsonb(t)::text, {newer}
FROM jsonb_array_elements($1::jsonb) AS e(v)
CROSS JOIN LATERAL jsonb_populate_record(NULL::{table}, e.v) AS k
JOIN {table} AS t ON {key_match}
