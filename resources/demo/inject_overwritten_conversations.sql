-- payops demo inject overwritten_conversations: incident 4 again, now.
-- Support conversations get statuses (mostly `closed`) and assignees
-- qa-bot-1..4 from a test data set, updated in the last few minutes.
CREATE TEMP TABLE inject_old AS
SELECT c.* FROM support_conversations c
WHERE c.account_id <> 1 AND c.assignee NOT LIKE 'qa-bot-%'
ORDER BY md5(c.id::text || now()::text) LIMIT 100;
UPDATE support_conversations c
SET status = CASE WHEN c.id % 7 = 0 THEN 'solved' ELSE 'closed' END,
    assignee = 'qa-bot-' || (1 + c.id % 4),
    updated_at = now() - interval '20 seconds' - (c.id % 240) * interval '1 second'
FROM inject_old o WHERE o.id = c.id;
INSERT INTO demo_truth.changes (actor, table_name, pk, action, old_row, new_row)
SELECT current_setting('payops_demo.actor'), 'support_conversations', jsonb_build_object('id', c.id), 'update',
       to_jsonb(o), to_jsonb(c)
FROM support_conversations c JOIN inject_old o ON o.id = c.id;
