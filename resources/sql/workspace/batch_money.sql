-- A batch's money as its items carry it ($1: the batch): the items sent to
-- a payment provider or an acquirer (op "send"), the items that write the
-- billing database (a "money" member: ledger refunds, claw-back entries),
-- the items that only record a write-off (op "record"), their operations,
-- the destinations the sent ones name, and the distinct accounts: an
-- item's own "account", a claw-back's person, or for a ledger refund the
-- account of the charge it refunds ($2: the charges' table as items name
-- it, $3: its key column).
SELECT count(*) FILTER (WHERE i.change ->> 'op' = 'send') AS provider_items,
       count(*) FILTER (WHERE i.change ? 'money' AND i.change ->> 'op' IS DISTINCT FROM 'record')
           AS ledger_items,
       count(*) FILTER (WHERE i.change ->> 'op' = 'record') AS record_items,
       coalesce(string_agg(DISTINCT coalesce(i.change ->> 'operation',
                                             i.change -> 'money' ->> 'operation'), ','), '')
           AS operations,
       coalesce(string_agg(DISTINCT i.change ->> 'destination', ','), '') AS destinations,
       count(DISTINCT coalesce(i.change ->> 'account', i.change -> 'money' ->> 'person',
                               c.{charge_user}::text)) AS accounts
FROM payops.batch_items AS i
LEFT JOIN {charges} AS c
       ON i.change ? 'money' AND i.change -> 'money' ->> 'target_table' = $2::text
      AND c.{charge_key}::text = i.change -> 'money' -> 'target_key' ->> $3::text
WHERE i.batch_id = $1::bigint
