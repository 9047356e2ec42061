-- Attaches a finding to a case as a frozen snapshot ($1: the case, $2: the
-- finding as JSON, $3: at most this many evidence rows). The rows are the
-- finding's own rows SQL (rendered from resources/sql/detect), never
-- operator text; the evidence is taken inside PostgreSQL in one statement.
SELECT payops.add_case_event($1::bigint, 'finding', jsonb_build_object(
         'finding', $2::jsonb,
         'evidence', (SELECT coalesce(jsonb_agg(to_jsonb(q)), '[]')
                      FROM (SELECT * FROM (
{rows}
                      ) r LIMIT $3::int) q)))
