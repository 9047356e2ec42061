-- Everything that happened in a case, oldest first, each once and in words:
-- its events and the audit rows of the case and of its batches. Every case
-- event is also written to the audit log as 'case.<kind>' with the same
-- body; those copies are left out. The last column, action, is the
-- machine name (note, batch.submit) for scripts; the console hides it.
-- The case id is an integer the code formats itself, never operator text.
WITH happened AS (
  SELECT e.created_at AS at, e.created_by::text AS who, e.kind AS action, e.body,
         NULL::bigint AS batch_id, NULL::bigint AS seq
  FROM payops.case_events e WHERE e.case_id = {case_id}
  UNION ALL
  SELECT a.at, a.db_role::text, a.action, a.after, a.batch_id, a.seq
  FROM payops.audit_log a
  WHERE (a.case_id = {case_id}
         OR a.batch_id IN (SELECT id FROM payops.batches WHERE case_id = {case_id}))
    AND NOT EXISTS (SELECT 1 FROM payops.case_events e
                    WHERE e.case_id = {case_id} AND a.action = 'case.' || e.kind
                      AND a.after IS NOT DISTINCT FROM e.body)
)
SELECT h.at, h.who,
       CASE h.action
         WHEN 'finding' THEN 'Finding frozen as evidence'
         WHEN 'note' THEN 'Note'
         WHEN 'cost' THEN 'Cost'
         WHEN 'transition' THEN 'Case moved'
         WHEN 'check' THEN 'Re-check'
         WHEN 'case.create' THEN 'Case opened'
         WHEN 'batch.create' THEN 'Batch drafted'
         WHEN 'batch.submit' THEN 'Batch submitted for approval'
         WHEN 'batch.approve' THEN 'Batch approved'
         WHEN 'batch.reject' THEN 'Batch rejected'
         WHEN 'batch.cancel' THEN 'Batch cancelled'
         WHEN 'batch.execute' THEN 'Batch started'
         WHEN 'batch.claim' THEN 'Batch taken by an executor'
         WHEN 'batch.bind_destination' THEN 'Batch bound to its destination'
         WHEN 'batch.revert_drafted' THEN 'Revert drafted'
         WHEN 'item.give_up' THEN 'Held item given up'
         WHEN 'outreach.add' THEN 'People put on the roster'
         WHEN 'outreach.record' THEN 'Outreach recorded'
         ELSE initcap(replace(replace(h.action, '.', ' '), '_', ' '))
       END AS what,
       concat_ws(' ',
         CASE WHEN h.batch_id IS NOT NULL THEN 'Batch ' || h.batch_id || ':' END,
         CASE h.action
           WHEN 'finding' THEN (h.body -> 'finding' ->> 'title') || ' ('
                               || jsonb_array_length(h.body -> 'evidence') || ' rows frozen)'
           WHEN 'note' THEN h.body ->> 'text'
           WHEN 'cost' THEN concat_ws(': ', h.body ->> 'what',
                 to_char((h.body ->> 'amount_minor')::numeric
                         / 10 ^ (CASE WHEN h.body ->> 'currency' IN ('JPY', 'KRW', 'VND', 'CLP', 'ISK') THEN 0
                                      WHEN h.body ->> 'currency' IN ('BHD', 'KWD', 'OMR', 'JOD', 'TND') THEN 3
                                      ELSE 2 END),
                         CASE WHEN h.body ->> 'currency' IN ('JPY', 'KRW', 'VND', 'CLP', 'ISK') THEN 'FM999,999,999,999,990'
                              WHEN h.body ->> 'currency' IN ('BHD', 'KWD', 'OMR', 'JOD', 'TND') THEN 'FM999,999,999,990.000'
                              ELSE 'FM999,999,999,999,990.00' END) || ' ' || (h.body ->> 'currency'))
           WHEN 'transition' THEN 'from ' || (h.body ->> 'from') || ' to ' || (h.body ->> 'to')
                 || coalesce(': ' || nullif(h.body ->> 'reason', ''), '')
                 || coalesce(' (closed despite: ' || (SELECT string_agg(x, '; ')
                                                     FROM jsonb_array_elements_text(
                                                       CASE WHEN jsonb_typeof(h.body -> 'overridden') = 'array'
                                                            THEN h.body -> 'overridden' ELSE '[]' END) x) || ')', '')
           WHEN 'case.create' THEN (h.body ->> 'title') || ' (' || (h.body ->> 'severity') || ')'
           ELSE g.words
         END,
         CASE WHEN h.seq IS NOT NULL THEN '[audit #' || h.seq || ']' END) AS detail,
       h.action
FROM happened h
-- Any other body in words: "added 3; given 4", nested values flattened,
-- lists of records counted, never JSON.
LEFT JOIN LATERAL (
  SELECT string_agg(replace(k.key, '_', ' ') || ' ' ||
           CASE jsonb_typeof(k.value)
             WHEN 'object' THEN coalesce((SELECT string_agg(replace(i.key, '_', ' ') || ' ' || i.value, ', ')
                                          FROM jsonb_each_text(k.value) i), 'none')
             WHEN 'array' THEN CASE WHEN jsonb_typeof(k.value -> 0) IN ('object', 'array')
                                    THEN jsonb_array_length(k.value) || ' entries'
                                    ELSE coalesce((SELECT string_agg(x, ', ')
                                                   FROM jsonb_array_elements_text(k.value) x), 'none') END
             WHEN 'null' THEN 'none'
             ELSE k.value #>> '{}'
           END, '; ') AS words
  FROM jsonb_each(CASE WHEN jsonb_typeof(h.body) = 'object' THEN h.body ELSE '{}'::jsonb END) k
) g ON true
ORDER BY h.at
