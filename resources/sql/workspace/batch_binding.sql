-- The database a new batch would be bound to, as the payops schema names it.
SELECT database_name::text AS database_name, coalesce(system_identifier, '') AS system_identifier
FROM payops.current_binding()
