-- Normal life after the backup (2026-04-10 .. 2026-05-01), replayed from
-- the world planned in history.sql. From here on every change to a public
-- table is captured in demo_truth.changes with the actor that made it
-- ('normal' here; each incident names itself in incidents.sql).

CREATE FUNCTION demo_gen.capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_json jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    key jsonb;
BEGIN
    SELECT jsonb_object_agg(k, row_json -> k) INTO key FROM unnest(TG_ARGV) AS k;
    INSERT INTO demo_truth.changes (actor, table_name, pk, action, old_row, new_row)
    VALUES (coalesce(current_setting('payops_demo.actor', true), 'unknown'), TG_TABLE_NAME, key, lower(TG_OP),
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END $$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('services', 'id'), ('accounts', 'id'), ('service_accounts', 'service_id,account_id'), ('sync_reports', 'id'),
        ('account_events', 'id'), ('subscriptions', 'id'), ('orders', 'id'), ('payments', 'id'), ('refunds', 'id'),
        ('invoices', 'id'), ('investor_balances', 'account_id'), ('interest_payouts', 'id'),
        ('balance_movements', 'id'), ('support_agents', 'username'), ('support_conversations', 'id')) AS v (name, keys)
    LOOP
        EXECUTE format('CREATE TRIGGER demo_capture AFTER INSERT OR UPDATE OR DELETE ON public.%I '
                       'FOR EACH ROW EXECUTE FUNCTION demo_gen.capture(%s)',
                       t.name, (SELECT string_agg(quote_literal(k), ', ') FROM unnest(string_to_array(t.keys, ',')) AS k));
    END LOOP;
END $$;

SELECT set_config('payops_demo.actor', 'normal', false);

-- New accounts, their links and events.
INSERT INTO accounts (id, email, display_name, phone, status, currency, created_at, closed_at)
SELECT id, email, display_name, phone, 'active', currency, created_at, NULL
FROM demo_gen.w_accounts WHERE created_at >= demo_gen.backup_at();
INSERT INTO service_accounts
SELECT sa.* FROM demo_gen.w_service_accounts sa JOIN demo_gen.w_accounts a ON a.id = sa.account_id
WHERE a.created_at >= demo_gen.backup_at();
INSERT INTO account_events SELECT * FROM demo_gen.w_account_events WHERE at >= demo_gen.backup_at();
INSERT INTO sync_reports SELECT * FROM demo_gen.w_sync_reports WHERE reported_at >= demo_gen.backup_at();

-- Subscriptions, orders, invoices, charges and refunds of the last three weeks.
INSERT INTO subscriptions (id, account_id, plan, status, amount_minor, currency, created_at, cancelled_at, renews_on, lock_at, created_by)
SELECT id, account_id, plan, 'active', amount_minor, currency, created_at, NULL,
       (date_trunc('month', created_at) + interval '1 month')::date + (renew_day - 1), NULL, created_by
FROM demo_gen.w_subscriptions WHERE created_at >= demo_gen.backup_at();
INSERT INTO orders SELECT * FROM demo_gen.w_orders WHERE created_at >= demo_gen.backup_at();
INSERT INTO invoices SELECT * FROM demo_gen.w_invoices WHERE issued_at >= demo_gen.backup_at();
INSERT INTO payments
SELECT id, account_id, order_id, amount_minor, currency, status, provider, 'ch_' || md5(id::text),
       created_at, CASE WHEN status = 'succeeded' THEN created_at + interval '1 day' END
FROM demo_gen.w_payments WHERE created_at >= demo_gen.backup_at();
INSERT INTO refunds SELECT * FROM demo_gen.w_refunds WHERE created_at >= demo_gen.backup_at();

-- Accounts and subscriptions closed since the backup, in time order.
UPDATE accounts a SET status = w.closed_status, closed_at = w.closed_at
FROM demo_gen.w_accounts w
WHERE w.id = a.id AND w.closed_at >= demo_gen.backup_at();
UPDATE subscriptions s SET status = 'cancelled', cancelled_at = w.cancelled_at, renews_on = NULL
FROM demo_gen.w_subscriptions w
WHERE w.id = s.id AND w.cancelled_at >= demo_gen.backup_at();

-- Accounts deleted on request (GDPR) since the backup.
DELETE FROM accounts a USING demo_gen.w_accounts w
WHERE w.id = a.id AND w.deleted_at >= demo_gen.backup_at();

-- Support work that moved on since the backup.
UPDATE support_conversations c SET status = w.status, assignee = w.assignee, updated_at = w.updated_at
FROM demo_gen.w_conversations w
WHERE w.id = c.id AND w.updated_at >= demo_gen.backup_at() AND w.opened_at < demo_gen.backup_at();
INSERT INTO support_conversations
SELECT id, account_id, subject, status, assignee, opened_at, updated_at
FROM demo_gen.w_conversations WHERE opened_at >= demo_gen.backup_at();

-- The April interest run.
INSERT INTO interest_payouts
SELECT id, account_id, period, amount_minor, currency, channel, status, 'TR-' || id, created_at
FROM demo_gen.w_interest_payouts WHERE created_at >= demo_gen.backup_at();
INSERT INTO balance_movements SELECT * FROM demo_gen.w_balance_movements WHERE at >= demo_gen.backup_at();
UPDATE investor_balances b SET balance_minor = b.balance_minor + m.total, updated_at = m.last_at
FROM (SELECT account_id, sum(amount_minor) AS total, max(at) AS last_at FROM demo_gen.w_balance_movements
      WHERE at >= demo_gen.backup_at() GROUP BY account_id) m
WHERE m.account_id = b.account_id;
