-- Whether the signed-in person may record outreach: a member of
-- payops_support (false where the role does not exist).
SELECT coalesce(pg_has_role(session_user, to_regrole('payops_support'), 'MEMBER'), false)
