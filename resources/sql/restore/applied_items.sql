-- The items of a batch that were applied, with what each did and, for an
-- update, the columns it set.
SELECT i.item_no, i.target_table, i.target_key, r.effect,
       coalesce((SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(i.change -> 'set') AS k), '') AS set_columns
FROM payops.batch_items i JOIN payops.item_runs r ON r.batch_id = i.batch_id AND r.item_no = i.item_no
WHERE i.batch_id = $1::bigint AND r.state = 'applied'
ORDER BY i.item_no
