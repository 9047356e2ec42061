-- Each batch of a case ($1) with its money per currency as approved and as
-- it ended: applied, failed (or conflicts), still held or open.
SELECT b.id, b.kind, b.state, b.description, b.created_by::text AS created_by,
       coalesce(i.currency::text, '') AS currency,
       count(*) AS items,
       count(*) FILTER (WHERE r.state = 'applied') AS applied_items,
       coalesce(sum(i.amount_minor), 0) AS approved_minor,
       coalesce(sum(i.amount_minor) FILTER (WHERE r.state = 'applied'), 0) AS applied_minor,
       coalesce(sum(i.amount_minor) FILTER (WHERE r.state IN ('failed', 'conflict')), 0) AS failed_minor,
       coalesce(sum(i.amount_minor) FILTER (WHERE r.state = 'held'), 0) AS held_minor,
       coalesce(sum(i.amount_minor) FILTER (WHERE r.state IN ('pending', 'sending', 'unknown')), 0) AS open_minor
FROM payops.batches b
JOIN payops.batch_items i ON i.batch_id = b.id
LEFT JOIN payops.item_runs r ON r.batch_id = i.batch_id AND r.item_no = i.item_no
WHERE b.case_id = $1::bigint AND b.state <> 'cancelled'
GROUP BY b.id, b.kind, b.state, b.description, b.created_by, i.currency
ORDER BY b.id, currency
