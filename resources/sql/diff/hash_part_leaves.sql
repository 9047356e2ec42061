-- Leaves of a key cut by hash: every key (as jsonb text) and row hash of
-- the parts $1. Their keys are spread over the table: one scan a batch.
SELECT {key_text}, {row_hash} FROM {table} AS t WHERE {part} = ANY ($1::bigint[])
