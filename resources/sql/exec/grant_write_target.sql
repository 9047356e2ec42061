-- payops_owner, and no login role, may write a registered table.
GRANT USAGE ON SCHEMA {schema} TO payops_owner;
GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO payops_owner;
