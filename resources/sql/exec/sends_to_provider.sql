-- Whether a batch's items go to a payment provider (their change is "send").
SELECT EXISTS (SELECT 1 FROM payops.batch_items WHERE batch_id = $1::bigint AND change ->> 'op' = 'send')
