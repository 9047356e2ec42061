-- What the database would do with each item of a batch ($1: its id):
-- payops.dry_run applies every item in a transaction it rolls back and
-- answers per item; joined to the items for their table and row.
SELECT d.item_no, i.target_table, i.target_key, d.effect,
       coalesce(d.reason, '') AS reason, coalesce(d.detail, '') AS detail
FROM payops.dry_run($1::bigint) d
JOIN payops.batch_items i ON i.batch_id = $1::bigint AND i.item_no = d.item_no
ORDER BY d.item_no
