-- The items of a money batch that have not ended and are not simply
-- waiting to be sent: sent or maybe sent (sending, unknown), the ones a
-- lookup found nothing under (a person decides), and the ones held for
-- their person's consent, each with what is known of it.
SELECT r.item_no, r.state, coalesce(r.idempotency_key, '') AS idempotency_key,
       coalesce(i.amount_minor, 0) AS amount_minor, coalesce(btrim(i.currency::text), '') AS currency,
       coalesce(i.change ->> 'payment', i.target_key) AS concerns,
       coalesce(r.detail, r.reason, '') AS detail,
       (r.state = 'unknown' AND r.provider_absent_at IS NOT NULL AND r.resend_requested_by IS NULL) AS absent,
       coalesce(r.resend_requested_by, '') AS resend_requested_by,
       coalesce(to_char(r.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '') AS sent_at,
       r.sends
FROM payops.item_runs r JOIN payops.batch_items i ON i.batch_id = r.batch_id AND i.item_no = r.item_no
WHERE r.batch_id = $1::bigint AND r.state IN ('sending', 'unknown', 'held')
ORDER BY r.item_no
