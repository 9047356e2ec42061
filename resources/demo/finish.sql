-- Ends the demo build: stops capturing, drops the generator, and defines
-- the manifest, the ground truth that tests and trainers read.

DROP SCHEMA demo_gen CASCADE; -- its capture function takes the triggers with it

-- The billing system's own rule from here on (the generator wrote balances
-- and movements side by side): an entry posted to an investor's movements
-- moves their balance, which never goes below zero. A claw-back is such an
-- entry; one larger than what the balance holds is refused.
CREATE FUNCTION public.post_balance_movement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public.investor_balances SET balance_minor = balance_minor + NEW.amount_minor, updated_at = NEW.at
    WHERE account_id = NEW.account_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'account % holds no balance', NEW.account_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER balance_movements_post AFTER INSERT ON public.balance_movements
    FOR EACH ROW EXECUTE FUNCTION public.post_balance_movement();
ALTER TABLE public.investor_balances ADD CONSTRAINT balance_never_negative CHECK (balance_minor >= 0) NOT VALID;

-- The account a change concerns: its own id for accounts, the owner before
-- the change for re-parented rows, the payment's owner for refunds.
CREATE FUNCTION demo_truth.change_user(c demo_truth.changes) RETURNS bigint LANGUAGE sql STABLE AS $$
SELECT CASE
           WHEN c.table_name = 'accounts' THEN (c.pk ->> 'id')::bigint
           WHEN c.table_name = 'refunds' THEN
               (SELECT p.account_id FROM public.payments p WHERE p.id = (coalesce(c.new_row, c.old_row) ->> 'payment_id')::bigint)
           ELSE coalesce(c.old_row ->> 'account_id', c.new_row ->> 'account_id')::bigint
       END $$;

CREATE FUNCTION demo_truth.manifest() RETURNS jsonb LANGUAGE sql STABLE AS $$
WITH incident_changes AS (
    SELECT c.*, demo_truth.change_user(c) AS user_id
    FROM demo_truth.changes c
    WHERE c.actor NOT IN ('normal', 'finished', 'unknown')
), rows_by_table AS (
    SELECT actor, table_name,
           jsonb_agg(DISTINCT CASE WHEN pk ? 'id' AND jsonb_typeof(pk -> 'id') = 'number' THEN pk -> 'id' ELSE pk END) AS pks
    FROM incident_changes GROUP BY actor, table_name
), money AS (
    SELECT actor, coalesce(new_row, old_row) ->> 'currency' AS currency,
           sum((coalesce(new_row, old_row) ->> 'amount_minor')::bigint) AS total
    FROM incident_changes
    WHERE table_name IN ('payments', 'refunds', 'interest_payouts')
      AND coalesce(new_row, old_row) ->> 'status' IS DISTINCT FROM 'failed'
    GROUP BY 1, 2
), per_incident AS (
    SELECT i.actor,
           jsonb_build_object(
               'window', jsonb_build_object('from', split_part(f.value, '/', 1), 'to', split_part(f.value, '/', 2)),
               'rows', (SELECT jsonb_object_agg(table_name, pks) FROM rows_by_table r WHERE r.actor = i.actor),
               'row_count', (SELECT count(DISTINCT (table_name, pk)) FROM incident_changes c WHERE c.actor = i.actor),
               'users', (SELECT coalesce(jsonb_agg(DISTINCT user_id), '[]') FROM incident_changes c
                         WHERE c.actor = i.actor AND user_id IS NOT NULL AND user_id <> 1),
               'user_count', (SELECT count(DISTINCT user_id) FROM incident_changes c
                              WHERE c.actor = i.actor AND user_id IS NOT NULL AND user_id <> 1),
               'totals', (SELECT coalesce(jsonb_object_agg(currency, total), '{}') FROM money m WHERE m.actor = i.actor)
           ) AS body
    FROM (SELECT DISTINCT actor FROM incident_changes) i
    LEFT JOIN demo_truth.facts f ON f.key = 'window.' || i.actor
), orphans AS (
    SELECT o.payment_id, o.reason, p.account_id, p.amount_minor, p.currency
    FROM demo_truth.orphans o JOIN public.payments p ON p.id = o.payment_id
), sentinel_rows AS (
    SELECT 'subscriptions' AS t, id FROM public.subscriptions WHERE account_id = 1
    UNION ALL SELECT 'orders', id FROM public.orders WHERE account_id = 1
    UNION ALL SELECT 'invoices', id FROM public.invoices WHERE account_id = 1
    UNION ALL SELECT 'payments', id FROM public.payments WHERE account_id = 1
    UNION ALL SELECT 'support_conversations', id FROM public.support_conversations WHERE account_id = 1
), normal AS (
    SELECT table_name, jsonb_object_agg(action, n) AS counts
    FROM (SELECT table_name, action, count(*) AS n FROM demo_truth.changes WHERE actor = 'normal' GROUP BY 1, 2) x
    GROUP BY table_name
)
SELECT jsonb_build_object(
    'scale', (SELECT value::numeric FROM demo_truth.facts WHERE key = 'scale'),
    'backup_taken_at', (SELECT value FROM demo_truth.facts WHERE key = 'backup_taken_at'),
    'demo_now', (SELECT value FROM demo_truth.facts WHERE key = 'demo_now'),
    'incidents', (SELECT jsonb_object_agg(actor, body) FROM per_incident),
    'orphans', jsonb_build_object(
        'payments', (SELECT coalesce(jsonb_agg(payment_id ORDER BY payment_id), '[]') FROM orphans),
        'by_reason', (SELECT jsonb_object_agg(reason, n) FROM (SELECT reason, count(*) AS n FROM orphans GROUP BY reason) r),
        'users', (SELECT coalesce(jsonb_agg(DISTINCT account_id), '[]') FROM orphans WHERE account_id <> 1),
        'totals', (SELECT jsonb_object_agg(currency, total)
                   FROM (SELECT currency, sum(amount_minor) AS total FROM orphans GROUP BY currency) t)),
    'normal_after_backup', (SELECT jsonb_object_agg(table_name, counts) FROM normal),
    -- What a restore from the backup can and cannot do: rows parked on the
    -- sentinel account that were created after the backup (no owner to be
    -- read from it), and overwritten conversations that people changed
    -- again after the incident (a restore must not overwrite them).
    'restore', jsonb_build_object(
        'unattributable_on_sentinel', (
            SELECT coalesce(jsonb_object_agg(table_name, n), '{}') FROM (
                SELECT c.table_name, count(*) AS n
                FROM demo_truth.changes c
                JOIN sentinel_rows s ON s.t = c.table_name AND s.id = (c.pk ->> 'id')::bigint
                WHERE c.action = 'insert'
                GROUP BY c.table_name) u),
        'changed_since', jsonb_build_object('overwritten_conversations',
            (SELECT coalesce(to_jsonb(string_to_array(value, ',')::bigint[]), '[]') FROM demo_truth.facts
             WHERE key = 'overwritten_conversations.changed_since'))))
$$;

ANALYZE;
