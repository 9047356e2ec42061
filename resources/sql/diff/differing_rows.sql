-- The rows a condition selects, whole: key (as jsonb text), the row as
-- jsonb text, and whether it was created after the backup was taken.
SELECT {key_text}, to_jsonb(t)::text, {newer} FROM {table} AS t WHERE {where}
