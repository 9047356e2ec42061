-- payops schema, version 4: money batches. Refunds, reversals and
-- claw-backs are sent to a payment provider under an idempotency key
-- derived from batch and item, committed with state "sending" before the
-- request leaves (payops.begin_send); only a definitive answer ends an
-- item (payops.record_outcomes). A lost answer, a timeout or a crash
-- leaves it sending or unknown, and it is never sent again blindly: it is
-- looked up by the same key; only when the provider definitively has
-- nothing under it may a person ask for it to be sent again, under the
-- same key, or mark it failed. Caps are enforced here at apply time: never
-- more than a charge less what is already refunded or in flight, never
-- more than the batch's approved totals per currency.
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may act as payops_owner.

SET ROLE payops_owner;

-- What money a corrective batch may move against which billing rows,
-- registered by a database owner (payops allow-money), like write targets:
-- an operation's target table and its amount (and currency) column, and,
-- for refunds, where refunds of a target are recorded already.
CREATE TABLE payops.money_sources (
    operation            text NOT NULL CHECK (operation IN ('refund', 'reversal', 'claw-back')),
    target_table         regclass NOT NULL,
    amount_column        name NOT NULL,
    currency_column      name,
    refunds_table        regclass,
    refund_of_column     name,
    refund_amount_column name,
    refund_status_column name,  -- rows whose status is 'failed' do not count as refunded
    registered_by        name NOT NULL DEFAULT session_user,
    registered_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (operation, target_table),
    CHECK ((refunds_table IS NULL) = (refund_of_column IS NULL)
           AND (refunds_table IS NULL) = (refund_amount_column IS NULL))
);
CREATE TRIGGER money_sources_are_append_only BEFORE UPDATE OR DELETE ON payops.money_sources
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('registered money sources are revoked by hand, audited');
CREATE TRIGGER money_sources_is_not_truncated BEFORE TRUNCATE ON payops.money_sources
    FOR EACH STATEMENT EXECUTE FUNCTION payops.refuse_change('payops tables are never truncated');

-- How long after a send a lookup that finds nothing is believed: a
-- request cut off by a crash may still reach the provider for a while. A
-- database owner may change it (the provider's own documentation says).
ALTER TABLE payops.installation ADD COLUMN absent_window interval NOT NULL DEFAULT '15 minutes'
    CHECK (absent_window >= interval '0');

-- What the provider said of an item sent under its key.
ALTER TABLE payops.item_runs
    ADD COLUMN sent_at timestamptz,           -- the last time it was handed to the provider
    ADD COLUMN provider_reference text,
    ADD COLUMN provider_absent_at timestamptz, -- a lookup found nothing under the key
    ADD COLUMN resend_requested_by name,       -- a person asked for a send again, same key
    ADD COLUMN sends integer NOT NULL DEFAULT 0;

-- The guard of version 3, plus: an item's key never changes once given; an
-- unknown item goes back to sending only when a person asked for it after
-- the provider was found to have nothing under its key.
CREATE OR REPLACE FUNCTION payops.item_run_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payops: item runs are never deleted' USING ERRCODE = '42501';
    END IF;
    IF (NEW.batch_id, NEW.item_no, NEW.item_hash) IS DISTINCT FROM (OLD.batch_id, OLD.item_no, OLD.item_hash) THEN
        RAISE EXCEPTION 'payops: an item run''s item never changes' USING ERRCODE = '42501';
    END IF;
    IF OLD.idempotency_key IS NOT NULL AND NEW.idempotency_key IS DISTINCT FROM OLD.idempotency_key THEN
        RAISE EXCEPTION 'payops: item % of batch % keeps its idempotency key %', OLD.item_no, OLD.batch_id, OLD.idempotency_key
            USING ERRCODE = '42501';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state AND NOT (OLD.state || '>' || NEW.state) = ANY (ARRAY[
            'pending>applied', 'pending>conflict', 'pending>failed', 'pending>sending',
            'sending>applied', 'sending>failed', 'sending>unknown',
            'unknown>applied', 'unknown>failed', 'unknown>sending']) THEN
        RAISE EXCEPTION 'payops: item % of batch % may not go from % to %', OLD.item_no, OLD.batch_id, OLD.state, NEW.state
            USING ERRCODE = '42501';
    END IF;
    IF OLD.state = 'unknown' AND NEW.state = 'sending' AND
       (OLD.provider_absent_at IS NULL OR OLD.resend_requested_by IS NULL) THEN
        RAISE EXCEPTION 'payops: item % of batch % is sent again only after the provider was found to have nothing under its key and a person asked for it',
            OLD.item_no, OLD.batch_id USING ERRCODE = '42501';
    END IF;
    IF OLD.state IN ('applied', 'conflict', 'failed') AND
       (NEW.reason, NEW.detail, NEW.effect, NEW.before_image, NEW.applied_by, NEW.provider_reference)
       IS DISTINCT FROM (OLD.reason, OLD.detail, OLD.effect, OLD.before_image, OLD.applied_by, OLD.provider_reference) THEN
        RAISE EXCEPTION 'payops: item % of batch % has ended; its outcome never changes', OLD.item_no, OLD.batch_id
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;

-- Version 3's reasons, plus the caps'.
CREATE OR REPLACE FUNCTION payops.conflict_reason(p_sqlstate text, p_constraint text, t regclass) RETURNS text
LANGUAGE sql STABLE AS $$
SELECT CASE p_sqlstate
    WHEN 'PX001' THEN 'changed_since'
    WHEN 'PX002' THEN 'row_missing'
    WHEN 'PX003' THEN 'key_reused'
    WHEN 'PX004' THEN 'shape_changed'
    WHEN 'PX010' THEN 'table_not_registered'
    WHEN 'PX020' THEN 'above_cap'
    WHEN 'PX021' THEN 'currency_mismatch'
    WHEN 'PX022' THEN 'no_money_source'
    WHEN 'PX023' THEN 'above_approved_totals'
    WHEN '23505' THEN CASE WHEN EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = t AND c.contype = 'p'
                                                                   AND c.conname = p_constraint)
                           THEN 'key_reused' ELSE 'unique_taken' END
    WHEN '23503' THEN 'parent_missing'
    WHEN '23514' THEN 'check_refused'
    WHEN '23502' THEN 'check_refused'
    WHEN 'P0001' THEN 'trigger_refused'
    ELSE 'refused'
END $$;

-- The operation and target a money item moves money against: a provider
-- item ("send") names them itself; a ledger item carries them as "money".
CREATE FUNCTION payops.money_of(p_change jsonb, p_target_table text, p_target_key text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN p_change ->> 'op' = 'send'
            THEN jsonb_build_object('operation', p_change ->> 'operation', 'target_table', p_target_table,
                                    'target_key', p_target_key::jsonb)
            ELSE p_change -> 'money' END $$;
-- The same as one text, for an index: every item against one target meets there.
CREATE FUNCTION payops.money_key(p_change jsonb, p_target_table text, p_target_key text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT (m ->> 'operation') || ' ' || (m ->> 'target_table') || ' ' || (m -> 'target_key')::text
FROM (SELECT payops.money_of(p_change, p_target_table, p_target_key) AS m) x $$;
CREATE INDEX batch_items_money ON payops.batch_items (payops.money_key(change, target_table, target_key))
    WHERE change ? 'money' OR change ->> 'op' = 'send';

-- Raises unless an item stays within what may still be moved against its
-- target: the target's amount, less what the billing data records as
-- refunded already (for refunds), less every other item of any batch
-- against the same target that was sent, may have been, or was applied;
-- and within the batch's approved total in its currency.
-- What the caps read of a target table, once a table rather than once an
-- item: its column types, and the type of the column its refunds name it by.
CREATE FUNCTION payops.cap_cache(p_target_table text) RETURNS jsonb LANGUAGE sql STABLE AS $$
SELECT jsonb_build_object(
    'types', payops.table_columns(to_regclass(p_target_table)),
    'refund_of_type', (SELECT format_type(a.atttypid, a.atttypmod)
                       FROM payops.money_sources ms JOIN pg_attribute a
                            ON a.attrelid = ms.refunds_table AND a.attname = ms.refund_of_column
                       WHERE ms.target_table = to_regclass(p_target_table) AND ms.operation = 'refund')) $$;

-- p_cache: payops.cap_cache of the target table when the caller has read
-- it already (once a table, not once an item); NULL reads it here.
CREATE FUNCTION payops.require_within_cap(i payops.batch_items, p_cache jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m jsonb := payops.money_of(i.change, i.target_table, i.target_key);
    mkey text := payops.money_key(i.change, i.target_table, i.target_key);
    s payops.money_sources;
    t regclass := to_regclass(m ->> 'target_table');
    target jsonb;
    types jsonb;
    refunded bigint := 0;
    in_flight bigint;
    cap bigint;
    cache jsonb;
BEGIN
    SELECT * INTO s FROM payops.money_sources ms WHERE ms.operation = m ->> 'operation' AND ms.target_table = t;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no money source is registered for % on %', m ->> 'operation', m ->> 'target_table'
            USING ERRCODE = 'PX022';
    END IF;
    cache := coalesce(p_cache, payops.cap_cache(m ->> 'target_table'));
    types := cache -> 'types';
    EXECUTE format('SELECT to_jsonb(t) FROM %s t WHERE %s FOR SHARE', t,
                   payops.match_json(types, payops.json_keys(m -> 'target_key'), 1, false))
        INTO target USING m -> 'target_key';
    IF target IS NULL THEN
        RAISE EXCEPTION 'no row with key % in %', m -> 'target_key', t USING ERRCODE = 'PX002';
    END IF;
    IF s.currency_column IS NOT NULL AND btrim(target ->> s.currency_column) IS DISTINCT FROM btrim(i.currency::text) THEN
        RAISE EXCEPTION 'the item is in % and % % is in %', i.currency, t, m -> 'target_key', target ->> s.currency_column
            USING ERRCODE = 'PX021';
    END IF;
    IF s.refunds_table IS NOT NULL THEN
        -- Compared in the column's own type, so that its index serves.
        EXECUTE format('SELECT coalesce(sum(r.%I), 0) FROM %s r WHERE r.%I = $1::%s %s',
                       s.refund_amount_column, s.refunds_table, s.refund_of_column,
                       cache ->> 'refund_of_type',
                       CASE WHEN s.refund_status_column IS NULL THEN ''
                            ELSE format('AND r.%I::text IS DISTINCT FROM %L', s.refund_status_column, 'failed') END)
            INTO refunded USING (m -> 'target_key' ->> (payops.json_keys(m -> 'target_key'))[1]);
    END IF;
    -- Ledger items already applied are in the refunds table: counted there.
    SELECT coalesce(sum(o.amount_minor), 0) INTO in_flight
    FROM payops.batch_items o JOIN payops.item_runs r ON r.batch_id = o.batch_id AND r.item_no = o.item_no
    WHERE payops.money_key(o.change, o.target_table, o.target_key) = mkey
      AND (o.change ? 'money' OR o.change ->> 'op' = 'send')
      AND (o.batch_id, o.item_no) IS DISTINCT FROM (i.batch_id, i.item_no)
      AND r.state IN ('sending', 'unknown', 'applied')
      AND NOT (s.refunds_table IS NOT NULL AND o.change ->> 'op' <> 'send' AND r.state = 'applied');
    cap := (target ->> s.amount_column)::bigint - refunded - in_flight;
    IF i.amount_minor IS NULL OR i.amount_minor <= 0 OR i.amount_minor > cap THEN
        RAISE EXCEPTION '% of % % exceeds what may still be moved against it: % (% less % recorded, less % in other items)',
            i.amount_minor, t, m -> 'target_key', greatest(cap, 0), target ->> s.amount_column, refunded, in_flight
            USING ERRCODE = 'PX020';
    END IF;
END $$;

-- The totals the approvers signed are a ceiling: what was sent, may have
-- been, or was applied, per currency, never exceeds the batch's items.
-- Checked once a chunk (items are frozen; this guards against one counted
-- twice by a fault elsewhere).
CREATE FUNCTION payops.require_within_approved_totals(p_batch bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    over text;
BEGIN
    SELECT string_agg(x.currency, ', ') INTO over
    FROM (SELECT i.currency,
                 sum(i.amount_minor) FILTER (WHERE r.state IN ('sending', 'unknown', 'applied')) AS moving,
                 sum(i.amount_minor) AS approved
          FROM payops.batch_items i JOIN payops.item_runs r ON r.batch_id = i.batch_id AND r.item_no = i.item_no
          WHERE i.batch_id = p_batch AND i.currency IS NOT NULL
          GROUP BY i.currency) x
    WHERE x.moving > x.approved;
    IF over IS NOT NULL THEN
        RAISE EXCEPTION 'payops: batch % would move more % than its approved totals', p_batch, over
            USING ERRCODE = 'PX023';
    END IF;
END $$;

-- Version 3's apply, for every item but a provider's ("send"), with the
-- caps checked first for a ledger item that moves money.
CREATE OR REPLACE FUNCTION payops.apply_items(p_batch bigint, p_max integer)
RETURNS TABLE (item_no integer, state text, reason text, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    c payops.executor_claims;
    it record;
    t regclass;
    res record;
    code text;
    cons text;
    message text;
    done integer := 0;
    left_over integer;
    last_table text;
    types jsonb;
    cap_table text;
    cap_types jsonb;
BEGIN
    PERFORM payops.require_role('payops_operator');
    b := payops.require_executing(p_batch);
    SELECT * INTO c FROM payops.executor_claims WHERE batch_id = p_batch;
    IF (c.backend_pid, c.backend_start) IS DISTINCT FROM
       (pg_backend_pid(), (SELECT a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid())) THEN
        RAISE EXCEPTION 'payops: this session does not hold the execution of batch % (claim it first)', p_batch
            USING ERRCODE = '55006';
    END IF;
    FOR it IN
        SELECT i AS item, r.item_hash
        FROM payops.item_runs r JOIN payops.batch_items i ON i.batch_id = r.batch_id AND i.item_no = r.item_no
        WHERE r.batch_id = p_batch AND r.state = 'pending' AND (i.change ->> 'op') IS DISTINCT FROM 'send'
        ORDER BY r.item_no LIMIT greatest(p_max, 0)
        FOR UPDATE OF r
    LOOP
        IF payops.item_hash(it.item) IS DISTINCT FROM it.item_hash THEN
            RAISE EXCEPTION 'payops: item % of batch % is not the item that was approved', (it.item).item_no, p_batch
                USING ERRCODE = '40001';
        END IF;
        item_no := (it.item).item_no;
        BEGIN
            -- Items come grouped by table: the catalog is read once a table.
            IF (it.item).target_table IS DISTINCT FROM last_table THEN
                last_table := NULL;
                t := payops.write_target((it.item).target_table);
                types := payops.table_columns(t);
                last_table := (it.item).target_table;
            END IF;
            IF (it.item).change ? 'money' THEN
                -- The cap's table's types, read once a table too.
                IF (it.item).change -> 'money' ->> 'target_table' IS DISTINCT FROM cap_table THEN
                    cap_types := payops.cap_cache((it.item).change -> 'money' ->> 'target_table');
                    cap_table := (it.item).change -> 'money' ->> 'target_table';
                END IF;
                PERFORM payops.require_within_cap(it.item, cap_types);
            END IF;
            res := payops.apply_change(t, types, (it.item).target_key::jsonb, (it.item).change);
            UPDATE payops.item_runs r
            SET state = 'applied', effect = res.effect, before_image = res.before_image, attempts = r.attempts + 1,
                applied_by = session_user, updated_at = now()
            WHERE r.batch_id = p_batch AND r.item_no = (it.item).item_no;
            state := 'applied'; reason := NULL; detail := res.effect;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, cons = CONSTRAINT_NAME, message = MESSAGE_TEXT;
            -- A deadlock, a lost connection or a cancel is not the item's
            -- conflict: the whole call fails and nothing of it commits.
            IF left(code, 2) IN ('40', '53', '57', '58', 'XX') THEN
                RAISE;
            END IF;
            state := 'conflict';
            reason := payops.conflict_reason(code, cons, to_regclass((it.item).target_table));
            detail := message;
            UPDATE payops.item_runs r
            SET state = 'conflict', reason = apply_items.reason, detail = message, attempts = r.attempts + 1,
                applied_by = session_user, updated_at = now()
            WHERE r.batch_id = p_batch AND r.item_no = (it.item).item_no;
        END;
        done := done + 1;
        RETURN NEXT;
    END LOOP;
    IF done > 0 AND b.kind IN ('refund', 'reversal', 'claw-back') THEN
        PERFORM payops.require_within_approved_totals(p_batch);
    END IF;
    IF done > 0 THEN
        UPDATE payops.batch_runs SET remaining = remaining - done WHERE batch_id = p_batch RETURNING remaining INTO left_over;
        IF left_over = 0 THEN
            PERFORM payops.finish_batch(p_batch);
        END IF;
    END IF;
END $$;

-- Version 3's dry run, with the caps, and provider items answered "would send".
CREATE OR REPLACE FUNCTION payops.dry_run(p_batch bigint)
RETURNS TABLE (item_no integer, effect text, reason text, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    i payops.batch_items;
    res record;
    code text;
    cons text;
    message text;
    nos integer[] := '{}';
    effects text[] := '{}';
    reasons text[] := '{}';
    details text[] := '{}';
BEGIN
    IF NOT (pg_has_role(session_user, 'payops_operator', 'MEMBER') OR
            pg_has_role(session_user, 'payops_approver', 'MEMBER')) THEN
        RAISE EXCEPTION 'payops: % is neither an operator nor an approver', session_user USING ERRCODE = '42501';
    END IF;
    SELECT * INTO b FROM payops.batches WHERE id = p_batch;
    IF NOT FOUND OR b.state NOT IN ('draft', 'submitted', 'approved') THEN
        RAISE EXCEPTION 'payops: a dry run is for a batch before it runs; batch % is %', p_batch, coalesce(b.state, 'not there')
            USING ERRCODE = '55000';
    END IF;
    BEGIN
        FOR i IN SELECT * FROM payops.batch_items x WHERE x.batch_id = p_batch ORDER BY x.item_no LOOP
            BEGIN
                IF i.change ? 'money' OR i.change ->> 'op' = 'send' THEN
                    PERFORM payops.require_within_cap(i, NULL);
                END IF;
                IF i.change ->> 'op' = 'send' THEN
                    -- Sent to the provider when it runs; nothing to try here.
                    nos := nos || i.item_no; effects := effects || 'would send'::text;
                    reasons := reasons || NULL::text; details := details || NULL::text;
                    CONTINUE;
                END IF;
                res := payops.apply_change(payops.write_target(i.target_table),
                                           payops.table_columns(to_regclass(i.target_table)),
                                           i.target_key::jsonb, i.change);
                nos := nos || i.item_no; effects := effects || res.effect; reasons := reasons || NULL::text;
                details := details || NULL::text;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, cons = CONSTRAINT_NAME, message = MESSAGE_TEXT;
                IF left(code, 2) IN ('40', '53', '57', '58', 'XX') THEN
                    RAISE;
                END IF;
                nos := nos || i.item_no; effects := effects || 'conflict'::text;
                reasons := reasons || payops.conflict_reason(code, cons, to_regclass(i.target_table));
                details := details || message;
            END;
        END LOOP;
        -- Undo everything the items did: this block's changes roll back,
        -- the arrays keep what each item would have done.
        RAISE EXCEPTION 'payops dry run' USING ERRCODE = 'PX999';
    EXCEPTION WHEN SQLSTATE 'PX999' THEN
        NULL;
    END;
    RETURN QUERY SELECT * FROM unnest(nos, effects, reasons, details);
END $$;

-- Gives up to p_max pending provider items of an executing batch, and the
-- unknown ones a person asked to send again, their key and the state
-- sending, in the caller's transaction, which the executor commits before
-- any request leaves. An item above its cap fails here, never sent.
-- Returns the items to send.
CREATE FUNCTION payops.begin_send(p_batch bigint, p_max integer)
RETURNS TABLE (item_no integer, idempotency_key text, operation text, payment text, amount_minor bigint,
               currency text, description text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    it record;
    code text;
    message text;
    ended integer := 0;
    left_over integer;
    cap_table text;
    cap_types jsonb;
BEGIN
    PERFORM payops.require_role('payops_operator');
    b := payops.require_executing(p_batch);
    PERFORM payops.require_claim(p_batch);
    FOR it IN
        SELECT i AS item, r.item_hash, r.state AS run_state, r.idempotency_key AS given_key
        FROM payops.item_runs r JOIN payops.batch_items i ON i.batch_id = r.batch_id AND i.item_no = r.item_no
        WHERE r.batch_id = p_batch AND i.change ->> 'op' = 'send'
          AND (r.state = 'pending' OR (r.state = 'unknown' AND r.resend_requested_by IS NOT NULL))
        ORDER BY r.item_no LIMIT greatest(p_max, 0)
        FOR UPDATE OF r
    LOOP
        IF payops.item_hash(it.item) IS DISTINCT FROM it.item_hash THEN
            RAISE EXCEPTION 'payops: item % of batch % is not the item that was approved', (it.item).item_no, p_batch
                USING ERRCODE = '40001';
        END IF;
        IF it.run_state = 'pending' THEN
            BEGIN
                IF (it.item).target_table IS DISTINCT FROM cap_table THEN
                    cap_types := payops.cap_cache((it.item).target_table);
                    cap_table := (it.item).target_table;
                END IF;
                PERFORM payops.require_within_cap(it.item, cap_types);
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
                IF left(code, 2) IN ('40', '53', '57', '58', 'XX') THEN
                    RAISE;
                END IF;
                UPDATE payops.item_runs r
                SET state = 'failed', reason = payops.conflict_reason(code, NULL, NULL), detail = message,
                    applied_by = session_user, updated_at = now()
                WHERE r.batch_id = p_batch AND r.item_no = (it.item).item_no;
                ended := ended + 1;
                CONTINUE;
            END;
        END IF;
        item_no := (it.item).item_no;
        -- Derived from the installation, batch and item: the same on every
        -- attempt, never a new one for the same item.
        idempotency_key := coalesce(it.given_key, 'payops-' || left(b.install_id::text, 8) || '-b' || p_batch
                                                  || '-i' || (it.item).item_no);
        UPDATE payops.item_runs r
        SET state = 'sending', idempotency_key = begin_send.idempotency_key, sends = r.sends + 1,
            sent_at = clock_timestamp(), provider_absent_at = NULL, -- sent again: looked up again
            attempts = r.attempts + 1, resend_requested_by = NULL, applied_by = session_user, updated_at = now()
        WHERE r.batch_id = p_batch AND r.item_no = (it.item).item_no;
        operation := (it.item).change ->> 'operation';
        payment := (it.item).change ->> 'payment';
        amount_minor := (it.item).amount_minor;
        currency := (it.item).currency;
        description := (it.item).change ->> 'description';
        RETURN NEXT;
    END LOOP;
    PERFORM payops.require_within_approved_totals(p_batch);
    IF ended > 0 THEN
        UPDATE payops.batch_runs SET remaining = remaining - ended WHERE batch_id = p_batch RETURNING remaining INTO left_over;
        IF left_over = 0 THEN
            PERFORM payops.finish_batch(p_batch);
        END IF;
    END IF;
END $$;

-- The items of an executing batch that were sent or may have been, with
-- their keys: what a resuming executor looks up before anything else.
CREATE FUNCTION payops.items_to_reconcile(p_batch bigint)
RETURNS TABLE (item_no integer, idempotency_key text, operation text, payment text, amount_minor bigint,
               currency text, description text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
BEGIN
    PERFORM payops.require_role('payops_operator');
    PERFORM payops.require_executing(p_batch);
    PERFORM payops.require_claim(p_batch);
    RETURN QUERY
    SELECT r.item_no, r.idempotency_key, i.change ->> 'operation', i.change ->> 'payment', i.amount_minor,
           i.currency::text, i.change ->> 'description'
    FROM payops.item_runs r JOIN payops.batch_items i ON i.batch_id = r.batch_id AND i.item_no = r.item_no
    WHERE r.batch_id = p_batch AND (r.state = 'sending' OR (r.state = 'unknown' AND r.provider_absent_at IS NULL))
    ORDER BY r.item_no;
END $$;

-- The caller's session holds the batch's execution.
CREATE FUNCTION payops.require_claim(p_batch bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c payops.executor_claims;
BEGIN
    SELECT * INTO c FROM payops.executor_claims WHERE batch_id = p_batch;
    IF (c.backend_pid, c.backend_start) IS DISTINCT FROM
       (pg_backend_pid(), (SELECT a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid())) THEN
        RAISE EXCEPTION 'payops: this session does not hold the execution of batch % (claim it first)', p_batch
            USING ERRCODE = '55006';
    END IF;
END $$;

-- The provider's answers for sent items (a JSON array of {item_no, outcome:
-- succeeded|failed|unknown|absent, reference, reason, detail}): succeeded
-- applies the item, failed ends it, unknown keeps it open, absent (a lookup
-- found nothing under the key) keeps it unknown and says so. Only items
-- in sending or unknown change; an ended item stays as it ended.
CREATE FUNCTION payops.record_outcomes(p_batch bigint, p_outcomes jsonb)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    o jsonb;
    r payops.item_runs;
    ended integer := 0;
    left_over integer;
BEGIN
    PERFORM payops.require_role('payops_operator');
    PERFORM payops.require_executing(p_batch);
    PERFORM payops.require_claim(p_batch);
    IF jsonb_typeof(p_outcomes) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'payops: outcomes are a JSON array' USING ERRCODE = '22023';
    END IF;
    FOR o IN SELECT * FROM jsonb_array_elements(p_outcomes) LOOP
        SELECT * INTO r FROM payops.item_runs x
        WHERE x.batch_id = p_batch AND x.item_no = (o ->> 'item_no')::integer FOR UPDATE;
        IF NOT FOUND OR r.state NOT IN ('sending', 'unknown') THEN
            CONTINUE;
        END IF;
        CASE o ->> 'outcome'
            WHEN 'succeeded' THEN
                UPDATE payops.item_runs x
                SET state = 'applied', effect = 'sent', provider_reference = left(o ->> 'reference', 200),
                    before_image = jsonb_build_object('provider_reference', left(o ->> 'reference', 200),
                                                      'idempotency_key', r.idempotency_key),
                    reason = NULL, detail = left(o ->> 'detail', 2000), applied_by = session_user, updated_at = now()
                WHERE x.batch_id = p_batch AND x.item_no = r.item_no;
                ended := ended + 1;
            WHEN 'failed' THEN
                UPDATE payops.item_runs x
                SET state = 'failed', reason = left(coalesce(o ->> 'reason', 'provider_refused'), 100),
                    detail = left(o ->> 'detail', 2000), applied_by = session_user, updated_at = now()
                WHERE x.batch_id = p_batch AND x.item_no = r.item_no;
                ended := ended + 1;
            WHEN 'unknown' THEN
                UPDATE payops.item_runs x
                SET state = 'unknown', detail = left(o ->> 'detail', 2000), updated_at = now()
                WHERE x.batch_id = p_batch AND x.item_no = r.item_no;
            WHEN 'absent' THEN
                -- Believed only once the window since the last send has
                -- passed; until then it is still unknown, looked up again.
                UPDATE payops.item_runs x
                SET state = 'unknown',
                    provider_absent_at = CASE WHEN clock_timestamp() >= r.sent_at +
                                                   (SELECT absent_window FROM payops.installation)
                                              THEN clock_timestamp() END,
                    detail = CASE WHEN clock_timestamp() >= r.sent_at + (SELECT absent_window FROM payops.installation)
                                  THEN left(coalesce(o ->> 'detail', 'the provider has no operation under this key'), 2000)
                                  ELSE 'the provider has nothing under this key yet; looked up again after its window' END,
                    updated_at = now()
                WHERE x.batch_id = p_batch AND x.item_no = r.item_no;
            ELSE
                RAISE EXCEPTION 'payops: an outcome is succeeded, failed, unknown or absent, not %', o ->> 'outcome'
                    USING ERRCODE = '22023';
        END CASE;
    END LOOP;
    IF ended > 0 THEN
        UPDATE payops.batch_runs SET remaining = remaining - ended WHERE batch_id = p_batch RETURNING remaining INTO left_over;
        IF left_over = 0 THEN
            PERFORM payops.finish_batch(p_batch);
        END IF;
    END IF;
    RETURN ended;
END $$;

-- A person's decision on an item the provider was found to have nothing
-- under: send it again, under the same key, or mark it failed. Audited.
CREATE FUNCTION payops.decide_absent_item(p_batch bigint, p_item integer, p_decision text, p_reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    r payops.item_runs;
    left_over integer;
BEGIN
    PERFORM payops.require_role('payops_operator');
    b := payops.require_executing(p_batch);
    IF length(btrim(coalesce(p_reason, ''))) = 0 OR length(p_reason) > 2000 THEN
        RAISE EXCEPTION 'payops: say why (at most 2000 characters)' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO r FROM payops.item_runs x WHERE x.batch_id = p_batch AND x.item_no = p_item FOR UPDATE;
    IF NOT FOUND OR r.state <> 'unknown' OR r.provider_absent_at IS NULL THEN
        RAISE EXCEPTION 'payops: item % of batch % is not one the provider was found to have nothing under (payops batch run looks items up first)',
            p_item, p_batch USING ERRCODE = '55000';
    END IF;
    IF p_decision = 'send_again' THEN
        UPDATE payops.item_runs x SET resend_requested_by = session_user, updated_at = now()
        WHERE x.batch_id = p_batch AND x.item_no = p_item;
    ELSIF p_decision = 'failed' THEN
        UPDATE payops.item_runs x
        SET state = 'failed', reason = 'absent_at_provider', detail = left(p_reason, 2000),
            applied_by = session_user, updated_at = now()
        WHERE x.batch_id = p_batch AND x.item_no = p_item;
        UPDATE payops.batch_runs SET remaining = remaining - 1 WHERE batch_id = p_batch RETURNING remaining INTO left_over;
        IF left_over = 0 THEN
            PERFORM payops.finish_batch(p_batch);
        END IF;
    ELSE
        RAISE EXCEPTION 'payops: the decision is send_again or failed' USING ERRCODE = '22023';
    END IF;
    PERFORM payops.audit('item.' || p_decision, p_batch, b.case_id, NULL,
                         jsonb_build_object('item', p_item, 'key', r.idempotency_key, 'reason', p_reason));
END $$;

-- As in version 3: definers pinned, helpers bare and not executable.
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS signature, p.prosecdef
             FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'payops'::regnamespace LOOP
        IF f.prosecdef THEN
            EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, payops, pg_temp', f.signature);
            EXECUTE format('ALTER FUNCTION %s SET lock_timeout = %L', f.signature, '10s');
        ELSE
            EXECUTE format('ALTER FUNCTION %s RESET ALL', f.signature);
        END IF;
    END LOOP;
END $$;

RESET ROLE;

REVOKE ALL ON ALL TABLES IN SCHEMA payops FROM PUBLIC;
GRANT SELECT ON payops.money_sources TO payops_viewer;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.begin_send(bigint, integer), payops.items_to_reconcile(bigint),
    payops.record_outcomes(bigint, jsonb), payops.decide_absent_item(bigint, integer, text, text)
    TO payops_operator;
