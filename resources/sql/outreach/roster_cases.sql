-- The cases with people on their roster, newest first, with how many
-- are still to be contacted.
SELECT c.id AS case_id, c.title, count(*) AS people,
       count(*) FILTER (WHERE p.status = 'not_contacted') AS not_contacted
FROM payops.cases c
JOIN payops.roster_people p ON p.case_id = c.id
GROUP BY c.id, c.title, c.created_at
ORDER BY c.created_at DESC, c.id DESC
