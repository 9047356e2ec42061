-- Everything that happened in a case, oldest first: its events and the
-- audit rows of the case and of its batches. The case id is an integer the
-- code formats itself, never operator text.
SELECT at, who, what, detail FROM (
  SELECT e.created_at AS at, e.created_by::text AS who, e.kind AS what,
         CASE e.kind WHEN 'finding' THEN (e.body -> 'finding' ->> 'title') || ' (' ||
                     jsonb_array_length(e.body -> 'evidence') || ' rows frozen)'
              ELSE coalesce(e.body ->> 'text', e.body::text) END AS detail
  FROM payops.case_events e WHERE e.case_id = {case_id}
  UNION ALL
  SELECT a.at, a.db_role::text, a.action,
         concat_ws(' ', 'batch ' || a.batch_id, a.after::text, '[audit #' || a.seq || ']')
  FROM payops.audit_log a
  WHERE a.case_id = {case_id} OR a.batch_id IN (SELECT id FROM payops.batches WHERE case_id = {case_id})
) t ORDER BY at
