-- Recorded as payops_owner, whose the registration is, and audited. Every
-- fragment is a literal the code quoted (db::sqlLiteral); NULL for none.
INSERT INTO payops.money_destinations (name, adapter, address, environment, credential_sha256)
VALUES ({name}, {adapter}, {address}, {environment}, {credential});
SELECT payops.audit('money_destination.allow', NULL, NULL, NULL,
                    jsonb_build_object('name', {name}, 'adapter', {adapter}, 'address', {address},
                                       'environment', {environment}));
