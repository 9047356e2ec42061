-- Whether the database has schema $1.
SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)
