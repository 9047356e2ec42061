-- Whether the session sees a table ($1: its schema-qualified, quoted name).
SELECT to_regclass($1) IS NOT NULL
