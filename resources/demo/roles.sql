-- The demo's people and the database's environment marker. Run on billing
-- and on billing_backup; roles are cluster-wide, so creation is guarded.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oncall') THEN
        -- The on-call engineer investigating: may read the billing tables, nothing else.
        CREATE ROLE oncall LOGIN PASSWORD 'oncall' NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
END $$;


GRANT USAGE ON SCHEMA public TO oncall;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO oncall;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'demo_truth') THEN
        REVOKE ALL ON SCHEMA demo_truth FROM PUBLIC;
    END IF;
    EXECUTE format('ALTER DATABASE %I SET payops.environment = %L', current_database(), 'demo');
END $$;
