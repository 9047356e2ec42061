-- Who the session runs as, and whether that role may install the payops
-- schema: a superuser, or the database's owner with CREATEROLE who is a
-- member of payops_owner.
SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreaterole AS create_role,
       pg_has_role(current_user, d.datdba, 'USAGE') AS owns_database,
       coalesce(pg_has_role(current_user, to_regrole('payops_owner'), 'MEMBER'), false) AS schema_owner,
       pg_get_userbyid(d.datdba) AS database_owner, current_database() AS database
FROM pg_roles r, pg_database d
WHERE r.rolname = current_user AND d.datname = current_database()
