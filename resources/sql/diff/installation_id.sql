-- The console's installation id of this database: a copy shares it.
SELECT install_id::text FROM payops.installation
