-- The demo's people and the database's environment marker. Run on billing
-- and on billing_backup; roles are cluster-wide, so creation is guarded.
-- The demo's people, each with a password equal to the name: the on-call
-- engineer investigating (an operator once the payops schema is installed),
-- a support agent contacting users (a viewer), a finance approver, and the
-- login `payops watch` runs as (the watcher role once the schema is installed).
DO $$
DECLARE
    person text;
BEGIN
    FOREACH person IN ARRAY ARRAY['oncall', 'support', 'finance', 'watcher'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person) THEN
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE', person, person);
        END IF;
    END LOOP;
END $$;

GRANT USAGE ON SCHEMA public TO oncall, support, finance, watcher;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO oncall, support, finance, watcher;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'demo_truth') THEN
        REVOKE ALL ON SCHEMA demo_truth FROM PUBLIC;
    END IF;
    EXECUTE format('ALTER DATABASE %I SET payops.environment = %L', current_database(), 'demo');
END $$;
