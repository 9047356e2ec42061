-- Of the tables a plan writes (a JSON array of qualified names), those a
-- database owner has not registered for corrective batches.
SELECT t.name AS table_name
FROM jsonb_array_elements_text($1::jsonb) AS t(name)
WHERE NOT EXISTS (SELECT 1 FROM payops.write_targets w WHERE w.target_table = to_regclass(t.name))
ORDER BY 1
