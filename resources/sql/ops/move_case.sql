-- Moves a case through its lifecycle (migration 006): $1 case, $2 state,
-- $3 reason, $4 override; answers the state it is in now.
SELECT payops.move_case($1::bigint, $2, $3, $4::boolean)
