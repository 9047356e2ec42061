-- A table to register for corrective batches: its name and its schema's as
-- SQL spells them (quoted by the server), and whether the session's role
-- may grant it (its owner, or a superuser).
SELECT c.oid::regclass::text AS table_name, n.nspname::regnamespace::text AS schema_name,
       pg_has_role(session_user, c.relowner, 'USAGE')
           OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS may_grant
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')
