-- The contact details of some accounts ($1: a JSON array of their keys as
-- text), as the schema profile maps them.
SELECT a.{account_key}::text AS account, {name}::text AS name, {email}::text AS email,
       {phone}::text AS phone
FROM {accounts} AS a
WHERE a.{account_key}::text IN (SELECT jsonb_array_elements_text($1::jsonb))
