-- Whether the database has the console's payops.installation and this
-- role may read it (a backup taken before the schema was installed has none).
SELECT to_regclass('payops.installation') IS NOT NULL
       AND has_table_privilege('payops.installation', 'SELECT')
