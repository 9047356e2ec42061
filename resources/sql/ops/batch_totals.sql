-- A batch's money per currency, in minor units ($1: its id). sum(bigint)
-- is numeric: the code refuses a total that no longer fits int64.
SELECT currency, sum(amount_minor) AS total_minor FROM payops.batch_items
WHERE batch_id = $1::bigint AND currency IS NOT NULL
GROUP BY currency
