-- Puts accounts on a case's re-check list (migration 008): $1 case, $2 the
-- account keys as a JSON array of strings, $3 the question to answer.
SELECT payops.add_case_checks($1::bigint, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), $3)
