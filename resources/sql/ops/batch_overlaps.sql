-- Items of a batch ($1: its id) that other batches name too, by what the
-- other batch is: still open (submitted, approved, executing: the same rows
-- twice) or already done (the rows were repaired or refunded before).
-- Rejected, cancelled and draft batches repair nothing and are left out.
SELECT CASE WHEN o.state IN ('done', 'partly_failed') THEN 'done' ELSE 'open' END AS overlap,
       count(DISTINCT i.item_no) AS items,
       string_agg(DISTINCT o.id::text, ', ') AS batches
FROM payops.batch_items i
JOIN payops.batch_items oi ON oi.target_table = i.target_table AND oi.target_key = i.target_key
                          AND oi.batch_id <> i.batch_id
JOIN payops.batches o ON o.id = oi.batch_id
                     AND o.state IN ('submitted', 'approved', 'executing', 'done', 'partly_failed')
WHERE i.batch_id = $1::bigint
GROUP BY 1
