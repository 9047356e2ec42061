-- One person's outreach history in a case, oldest first ($1 the case, $2
-- the account).
SELECT kind, coalesce(status, '') AS status, coalesce(note, '') AS note,
       coalesce(assignee::text, '') AS assignee, coalesce(next_step, '') AS next_step,
       coalesce(to_char(next_step_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'), '') AS next_step_at,
       created_by::text AS created_by,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS created_at
FROM payops.roster_events
WHERE case_id = $1::bigint AND account = $2
ORDER BY id
