-- Finance ends a claw-back item held for consent (migration 005): $1
-- batch, $2 item, $3 why.
SELECT payops.give_up_held_item($1::bigint, $2::integer, $3)
