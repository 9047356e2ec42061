-- Who decided what on a batch, oldest first ($1: its id):
-- "finance approved at 2026-04-18 11:02".
SELECT approver || ' ' || decision || ' at ' || to_char(decided_at, 'YYYY-MM-DD HH24:MI') ||
       coalesce(': ' || reason, '') AS decision
FROM payops.approvals
WHERE batch_id = $1::bigint ORDER BY decided_at
