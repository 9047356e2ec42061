-- A note on a case's timeline ($1: the case, $2: the note's text).
SELECT payops.add_case_event($1::bigint, 'note', jsonb_build_object('text', $2::text))
