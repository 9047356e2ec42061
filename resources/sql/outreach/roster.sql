-- A case's roster, one row per person.
SELECT account, coalesce(name, '') AS name, coalesce(email, '') AS email, coalesce(phone, '') AS phone,
       impact::text AS impact, status, coalesce(assignee::text, '') AS assignee,
       coalesce(next_step, '') AS next_step,
       coalesce(to_char(next_step_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '') AS next_step_at
FROM payops.roster_people
WHERE case_id = $1::bigint
ORDER BY length(account), account
