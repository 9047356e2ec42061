-- The contact details of the accounts a money batch concerns ($1: their
-- keys, a text[]): the people outreach writes to.
SELECT a.{account_key}::text AS account, {account_email} AS email, {account_name} AS name
FROM {accounts} AS a
WHERE a.{account_key}::text = ANY ($1::text[])
