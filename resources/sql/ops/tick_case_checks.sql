-- Ticks accounts of a case's re-check list off, all or none (migration
-- 008): $1 case, $2 the accounts as a JSON array of strings, $3 correct or
-- wrong, $4 the note (what is wrong). Returns how many accounts still wait.
SELECT payops.tick_case_checks($1::bigint, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), $3,
                               nullif($4, ''))
