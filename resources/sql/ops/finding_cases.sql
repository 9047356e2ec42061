-- The cases a finding may be attached to, and which of them hold it already
-- ($1: its rows SQL, $2: its detector, $3: its title). A finding is the
-- same one when its rows SQL is (the detector's own text, values as
-- literals: the same question asked again), or its detector and title are.
-- Open cases (any state but closed) first, newest first; closed ones only
-- when they hold it, so the person sees where it went.
WITH holding AS (
    SELECT e.case_id, min(e.created_at) AS attached_at,
           (array_agg(e.created_by ORDER BY e.created_at))[1] AS attached_by
    FROM payops.case_events e
    WHERE e.kind = 'finding'
      AND (e.body -> 'finding' ->> 'rows_sql' = $1
           OR (e.body -> 'finding' ->> 'detector' = $2 AND e.body -> 'finding' ->> 'title' = $3))
    GROUP BY e.case_id
)
SELECT c.id AS case_id, c.title, c.status, h.case_id IS NOT NULL AS holds,
       to_char(h.attached_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS attached_at,
       h.attached_by::text AS attached_by
FROM payops.cases c
LEFT JOIN holding h ON h.case_id = c.id
WHERE c.status <> 'closed' OR h.case_id IS NOT NULL
ORDER BY c.status = 'closed', c.created_at DESC, c.id DESC
