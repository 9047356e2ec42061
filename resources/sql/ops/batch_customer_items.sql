-- A batch's money per customer ($1: its id), as its items name the account
-- (refunds, reversals and claw-backs name it in their change): the ten
-- largest per currency, and how many customers each currency has. Items
-- that name no account are counted under a NULL account.
SELECT account, currency, items, total_minor, customers
FROM (
    SELECT coalesce(change ->> 'account', change -> 'money' ->> 'account') AS account,
           coalesce(currency, '') AS currency,
           count(*) AS items,
           coalesce(sum(amount_minor), 0) AS total_minor,
           row_number() OVER (PARTITION BY coalesce(currency, '')
                              ORDER BY coalesce(sum(amount_minor), 0) DESC, count(*) DESC) AS rank,
           count(*) OVER (PARTITION BY coalesce(currency, '')) AS customers
    FROM payops.batch_items
    WHERE batch_id = $1::bigint
    GROUP BY 1, 2
) AS per_customer
WHERE rank <= 10
ORDER BY currency, rank
