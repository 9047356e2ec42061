-- The batches waiting for the signed-in person, one row each, newest
-- first: for an approver, submitted batches they neither built, submitted
-- nor already approved; for an author, their own batches waiting for
-- approval, ready to execute, or executing (paused, or with items still
-- open at a provider: the run panel reconciles them).
SELECT b.id AS batch_id,
       CASE WHEN b.state = 'approved' THEN 'ready to execute'
            WHEN b.state = 'executing' THEN 'executing'
            WHEN session_user IN (b.created_by, b.submitted_by) THEN 'waiting for an approver'
            ELSE 'your decision' END AS waiting_for,
       b.kind, b.description, b.created_by, b.submitted_at, b.environment,
       (SELECT count(*) FROM payops.batch_items i WHERE i.batch_id = b.id) AS items,
       (SELECT string_agg(t.total::text || ' ' || t.currency, '; ' ORDER BY t.currency)
          FROM (SELECT currency, sum(amount_minor) AS total FROM payops.batch_items i
                WHERE i.batch_id = b.id AND currency IS NOT NULL GROUP BY currency) t) AS totals_minor,
       (SELECT count(*) FROM payops.approvals a WHERE a.batch_id = b.id AND a.decision = 'approved') AS approvals
FROM payops.batches b
WHERE (b.state = 'submitted' AND pg_has_role(session_user, 'payops_approver', 'MEMBER')
       AND session_user NOT IN (b.created_by, coalesce(b.submitted_by, ''))
       AND NOT EXISTS (SELECT 1 FROM payops.approvals a WHERE a.batch_id = b.id AND a.approver = session_user))
   OR (b.state IN ('submitted', 'approved', 'executing') AND session_user IN (b.created_by, coalesce(b.submitted_by, '')))
ORDER BY b.submitted_at DESC, b.id DESC
