-- The rows with the keys $1 (jsonb texts), whole, and whether each was
-- created after the backup was taken.
SELECT {key_text}, to_jsonb(t)::text, {newer} FROM {table} AS t WHERE {key_text} = ANY ($1::text[])
