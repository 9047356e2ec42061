-- The environment a new batch is bound to: the database's own declared
-- label (payops migrate --declare-environment) wins over the connection's ($1).
SELECT coalesce(environment, $1) FROM payops.installation
