-- Items the provider was found to have nothing under, waiting for a
-- person's decision (send again under the same key, or mark failed).
SELECT count(*) FROM payops.item_runs
WHERE batch_id = $1::bigint AND state = 'unknown' AND provider_absent_at IS NOT NULL
  AND resend_requested_by IS NULL
