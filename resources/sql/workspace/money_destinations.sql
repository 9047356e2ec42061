-- Where this database's money batches may go: the destinations a database
-- owner registered (payops allow-money --destination), for the operator to
-- pick one. The credential is only its fingerprint; the key is never here.
SELECT name, adapter, address, environment, coalesce(credential_sha256, '') AS credential_sha256
FROM payops.money_destinations
ORDER BY name
