-- Declares what this database is ($1: production, staging, test or demo),
-- audited with the label it had before.
WITH before AS (SELECT environment FROM payops.installation),
     changed AS (UPDATE payops.installation SET environment = $1 RETURNING 1)
SELECT payops.audit('installation.environment', NULL, NULL,
                    jsonb_build_object('environment', (SELECT environment FROM before)),
                    jsonb_build_object('environment', $1::text))
FROM changed
