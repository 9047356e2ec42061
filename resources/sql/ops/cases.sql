-- The cases, newest first.
SELECT id AS case_id, title, severity, status, owner, created_at FROM payops.cases
ORDER BY created_at DESC
