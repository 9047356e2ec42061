-- The newest restore batch of a case that is not rejected or cancelled
-- ($1: the case's id), so that the console resumes it at its current step.
SELECT id FROM payops.batches
WHERE case_id = $1::bigint AND kind IN ('restore', 'field-restore')
  AND state NOT IN ('rejected', 'cancelled')
ORDER BY id DESC LIMIT 1
