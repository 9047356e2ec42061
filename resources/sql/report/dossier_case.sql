-- The case a dossier is of ($1), with the database it lives on.
SELECT c.id, c.title, c.severity, c.status, c.owner::text AS owner,
       to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') AS opened,
       current_database()::text AS database_name,
       (SELECT environment FROM payops.installation) AS environment
FROM payops.cases c WHERE c.id = $1::bigint
