-- The version row a migration adds in its own transaction: the
-- version an integer, the name a literal.
INSERT INTO payops.schema_version (version, name) VALUES ({migration_version}, {migration_name});
