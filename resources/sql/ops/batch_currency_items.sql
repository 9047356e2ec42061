-- A batch's items per currency ($1: its id): how many, and their money in
-- minor units, largest first; the review's breakdown.
SELECT coalesce(currency, '') AS currency, count(*) AS items,
       coalesce(sum(amount_minor), 0) AS total_minor
FROM payops.batch_items
WHERE batch_id = $1::bigint
GROUP BY currency
ORDER BY 3 DESC
