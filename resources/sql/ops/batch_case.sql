-- What a batch repairs ($1: its id): its case and the findings frozen in
-- the case's timeline, each with its money per currency (minor units as
-- text, {"USD": "15425"}), oldest first. One row with NULL findings when
-- the case holds none.
SELECT c.id AS case_id, c.title AS case_title, c.status AS case_status,
       e.body -> 'finding' ->> 'title' AS finding_title,
       (e.body -> 'finding' -> 'totals_minor')::text AS finding_totals
FROM payops.batches b
JOIN payops.cases c ON c.id = b.case_id
LEFT JOIN payops.case_events e ON e.case_id = c.id AND e.kind = 'finding'
WHERE b.id = $1::bigint
ORDER BY e.id
