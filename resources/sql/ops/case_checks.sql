-- A case's re-check list (migration 008): $1 case. Waiting accounts
-- first, then those found wrong, then the correct ones; by account within.
SELECT c.account, c.question, coalesce(c.outcome, '') AS outcome, coalesce(c.note, '') AS note,
       coalesce(c.checked_by::text, '') AS checked_by,
       coalesce(to_char(c.checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), '') AS checked_at
FROM payops.case_checks c
WHERE c.case_id = $1::bigint
ORDER BY CASE c.outcome WHEN 'wrong' THEN 1 WHEN 'correct' THEN 2 ELSE 0 END,
         length(c.account), c.account
