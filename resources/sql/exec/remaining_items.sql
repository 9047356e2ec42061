-- How many items of an executing batch have not ended: one row by its key,
-- cheap enough to ask after every chunk.
SELECT remaining FROM payops.batch_runs WHERE batch_id = $1::bigint
