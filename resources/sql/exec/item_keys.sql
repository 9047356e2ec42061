-- The keys a batch's items were sent under, with what each moves: what a
-- result file's lines are checked against.
SELECT r.idempotency_key, i.amount_minor, btrim(i.currency::text) AS currency
FROM payops.item_runs r JOIN payops.batch_items i ON i.batch_id = r.batch_id AND i.item_no = r.item_no
WHERE r.batch_id = $1::bigint AND r.idempotency_key IS NOT NULL
