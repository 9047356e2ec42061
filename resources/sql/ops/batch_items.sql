-- The items of one batch, for the lazy table. The batch id is an integer
-- the code formats itself, never operator text.
SELECT item_no, target_table, target_key, amount_minor, currency, change::text AS change
FROM payops.batch_items WHERE batch_id = {batch_id} ORDER BY item_no
