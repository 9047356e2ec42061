-- One registered money destination, and every name there is (for the
-- message when it is not there).
SELECT d.name, d.adapter, d.address, d.environment, coalesce(d.credential_sha256, '') AS credential_sha256,
       (SELECT string_agg(name, ', ' ORDER BY name) FROM payops.money_destinations) AS names
FROM (SELECT 1) one LEFT JOIN payops.money_destinations d ON d.name = $1
