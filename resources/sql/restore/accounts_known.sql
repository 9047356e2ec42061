-- Of the given account keys (a JSON array of text), those the database has.
SELECT t.{key}::text AS account
FROM {accounts} AS t
WHERE t.{key}::text IN (SELECT jsonb_array_elements_text($1::jsonb))
