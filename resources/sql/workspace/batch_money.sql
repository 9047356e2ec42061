-- A batch's money as its items carry it ($1: the batch): the items sent to
-- a payment provider (op "send"), the items that write the ledger (a
-- "money" member), their operations, and the distinct accounts: an item's
-- own "account", or for a ledger item the account of the charge it
-- refunds ($2: the charges' table as items name it, $3: its key column).
SELECT count(*) FILTER (WHERE i.change ->> 'op' = 'send') AS provider_items,
       count(*) FILTER (WHERE i.change ? 'money') AS ledger_items,
       coalesce(string_agg(DISTINCT coalesce(i.change ->> 'operation',
                                             i.change -> 'money' ->> 'operation'), ','), '')
           AS operations,
       count(DISTINCT coalesce(i.change ->> 'account', c.{charge_user}::text)) AS accounts
FROM payops.batch_items AS i
LEFT JOIN {charges} AS c
       ON i.change ? 'money' AND i.change -> 'money' ->> 'target_table' = $2::text
      AND c.{charge_key}::text = i.change -> 'money' -> 'target_key' ->> $3::text
WHERE i.batch_id = $1::bigint
