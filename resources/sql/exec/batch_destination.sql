-- The destination a batch's provider items name: the first's (a batch
-- whose items name several is refused when a run binds it,
-- payops.bind_destination, which checks them all).
SELECT change ->> 'destination' AS destination
FROM payops.batch_items WHERE batch_id = $1::bigint AND change ->> 'op' = 'send'
ORDER BY item_no LIMIT 1
