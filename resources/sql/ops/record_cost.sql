-- Records a cost of an incident in its case (migration 005): $1 case,
-- $2 amount in minor units, $3 currency, $4 what it was.
SELECT payops.record_cost($1::bigint, $2::bigint, $3, $4)
