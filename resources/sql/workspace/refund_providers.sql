-- Who moved each refund's money ($1: the refunds' keys, a text[]): the
-- refund's own column named $2, else its charge's column named $3 (NULL:
-- the table has none). The names are the catalog's answer
-- (workspace/provider_column), passed as values and read from the row as
-- JSON, so no name is written into this statement.
SELECT r.{refund_key}::text AS item_key,
       coalesce(to_jsonb(r) ->> $2::text, to_jsonb(c) ->> $3::text) AS provider
FROM {refunds} AS r
LEFT JOIN {charges} AS c ON c.{charge_key} = r.{refund_charge}
WHERE r.{refund_key}::text = ANY ($1::text[])
