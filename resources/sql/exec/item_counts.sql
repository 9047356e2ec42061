-- How many items of a batch are in each state.
SELECT state, count(*) AS items FROM payops.item_runs WHERE batch_id = $1::bigint GROUP BY state
