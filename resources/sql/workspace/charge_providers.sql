-- Who took each charge's money ($1: the charges' keys, a text[]): the
-- charge's column named $2, the catalog's answer
-- (workspace/provider_column), passed as a value and read from the row as
-- JSON, so no name is written into this statement.
SELECT c.{charge_key}::text AS item_key, to_jsonb(c) ->> $2::text AS provider
FROM {charges} AS c
WHERE c.{charge_key}::text = ANY ($1::text[])
