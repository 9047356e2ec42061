-- The signed-in person's console role, the strongest they hold: operator
-- (builds cases and batches), approver (decides batches), support (reads,
-- and records outreach), viewer (reads), or '' when none. to_regrole keeps it answering on a database without
-- the payops roles.
SELECT CASE
         WHEN coalesce(pg_has_role(session_user, to_regrole('payops_operator'), 'MEMBER'), false) THEN 'operator'
         WHEN coalesce(pg_has_role(session_user, to_regrole('payops_approver'), 'MEMBER'), false) THEN 'approver'
         WHEN coalesce(pg_has_role(session_user, to_regrole('payops_support'), 'MEMBER'), false) THEN 'support'
         WHEN coalesce(pg_has_role(session_user, to_regrole('payops_viewer'), 'MEMBER'), false) THEN 'viewer'
         ELSE ''
       END AS console_role
