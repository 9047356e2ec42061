-- The items of a case's batches that move one person's money ($1 the
-- case, $2 the account), with how their run stands. Whose money an item
-- moves: the claw-back's person (as payops.person_of reads it, which only
-- the payops functions may call) or the refund's account.
SELECT i.batch_id, b.kind AS batch_kind, b.state AS batch_state, i.item_no,
       coalesce(i.amount_minor, 0)::text AS amount_minor, coalesce(i.currency, '') AS currency,
       coalesce(r.state, '') AS item_state, coalesce(r.reason, '') AS reason,
       coalesce(r.detail, '') AS detail
FROM payops.batches b
JOIN payops.batch_items i ON i.batch_id = b.id
LEFT JOIN payops.item_runs r ON r.batch_id = i.batch_id AND r.item_no = i.item_no
WHERE b.case_id = $1::bigint
  AND coalesce(i.change -> 'money' ->> 'person', i.change ->> 'person', i.change ->> 'account') = $2
ORDER BY i.batch_id, i.item_no
