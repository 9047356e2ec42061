-- A case's timeline ($1) as a reader outside the team needs it: what
-- happened, when, by whom; finding snapshots by their title only.
SELECT to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at, e.kind,
       e.created_by::text AS who,
       CASE e.kind
           WHEN 'note' THEN e.body ->> 'text'
           WHEN 'finding' THEN coalesce(e.body ->> 'title', e.body -> 'finding' ->> 'title', 'a finding')
           WHEN 'transition' THEN format('%s -> %s: %s%s', e.body ->> 'from', e.body ->> 'to', e.body ->> 'reason',
                                         CASE WHEN e.body ? 'overridden' AND e.body -> 'overridden' <> 'null'
                                              THEN ' (closed over: ' || (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(e.body -> 'overridden') x) || ')'
                                              ELSE '' END)
           WHEN 'cost' THEN e.body ->> 'what'
           ELSE coalesce(e.body ->> 'description', e.body ->> 'decision', e.body ->> 'state', e.kind)
       END AS what,
       coalesce(e.body ->> 'amount_minor', '') AS amount_minor,
       coalesce(e.body ->> 'currency', '') AS currency
FROM payops.case_events e WHERE e.case_id = $1::bigint ORDER BY e.id
