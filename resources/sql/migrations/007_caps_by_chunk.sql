-- payops schema, version 7: the money caps of version 4, read once a chunk
-- instead of once an item. Version 4 planned two statements an item (the
-- target row under a share lock, the sum of its refunds; EXECUTE plans
-- each time), which was half of what a ledger refund cost. Now a chunk's
-- items are locked first, then one statement per target table locks every
-- target of the chunk, one sums their refunds and one what other items
-- move against them; each item is then checked against those figures less
-- what the items before it in the same chunk took. Same answers, same
-- reasons (PX020-PX022, PX002), same share locks, taken before the sums
-- are read (read committed: the sums see what committed before the lock).
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may act as payops_owner.

SET ROLE payops_owner;

-- The SQL for column c's value taken from a JSON expression (a parameter
-- "$1", or a column "k.key"); version 3's json_value and match_json are
-- this with a parameter.
CREATE FUNCTION payops.json_value_of(p_types jsonb, p_column text, p_source text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN format(CASE WHEN (p_types -> p_column ->> 'whole')::boolean THEN '(%s -> %L)::%s' ELSE '(%s ->> %L)::%s' END,
                  p_source, p_column, p_types -> p_column ->> 'type');
END $$;

CREATE FUNCTION payops.match_json_of(p_types jsonb, p_columns text[], p_source text, p_null_safe boolean)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    c text;
    sql text := '';
BEGIN
    FOREACH c IN ARRAY p_columns LOOP
        sql := sql || CASE WHEN sql = '' THEN '' ELSE ' AND ' END ||
               format('t.%I %s %s', c, CASE WHEN p_null_safe THEN 'IS NOT DISTINCT FROM' ELSE '=' END,
                      payops.json_value_of(p_types, c, p_source));
    END LOOP;
    RETURN CASE WHEN sql = '' THEN 'true' ELSE sql END;
END $$;

CREATE OR REPLACE FUNCTION payops.json_value(p_types jsonb, p_column text, p_param integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN payops.json_value_of(p_types, p_column, '$' || p_param);
END $$;

CREATE OR REPLACE FUNCTION payops.match_json(p_types jsonb, p_columns text[], p_param integer, p_null_safe boolean)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN payops.match_json_of(p_types, p_columns, '$' || p_param, p_null_safe);
END $$;

-- What a money item moves against, in three expressions the planner
-- inlines (version 4's money_of builds JSON with a stable function and its
-- money_key reads from a subquery, so both ran as SQL functions set up
-- anew at every call). money_key keeps its value exactly (the same text
-- from the same parts) and the index on it is rebuilt to be sure. It is
-- plpgsql, never inlined, on purpose: the planner inlines an SQL function
-- only for a user who may execute it, so the index's expression (read
-- with the session's user, who may not) and a definer's query (run as the
-- owner, who may) would differ, and the index would go unused.
CREATE FUNCTION payops.money_operation(p_change jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN p_change ->> 'op' = 'send' THEN p_change ->> 'operation'
            ELSE p_change -> 'money' ->> 'operation' END $$;
CREATE FUNCTION payops.money_table(p_change jsonb, p_target_table text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN p_change ->> 'op' = 'send' THEN p_target_table
            ELSE p_change -> 'money' ->> 'target_table' END $$;
CREATE FUNCTION payops.money_target_key(p_change jsonb, p_target_key text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN p_change ->> 'op' = 'send' THEN p_target_key::jsonb
            ELSE p_change -> 'money' -> 'target_key' END $$;
CREATE OR REPLACE FUNCTION payops.money_key(p_change jsonb, p_target_table text, p_target_key text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN payops.money_operation(p_change) || ' ' || payops.money_table(p_change, p_target_table) || ' '
           || payops.money_target_key(p_change, p_target_key)::text;
END $$;
REINDEX INDEX payops.batch_items_money;

-- What may still be moved against each target of a set of pending money
-- items, keyed by payops.money_key: {"amount", "currency",
-- "checks_currency", "refunded", "in_flight", "found", and for messages
-- "target_table", "target_key"}. Targets whose
-- operation has no registered money source are left out (their items
-- raise PX022). Locks every target row found FOR SHARE, before the sums.
CREATE FUNCTION payops.caps_of(p_items payops.batch_items[]) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    g record;
    s payops.money_sources;
    t regclass;
    cache jsonb;
    targets jsonb;
    refunded jsonb := '{}';
    in_flight jsonb;
    caps jsonb := '{}';
BEGIN
    FOR g IN
        SELECT payops.money_operation(i.change) AS operation,
               payops.money_table(i.change, i.target_table) AS target_table,
               payops.json_keys(payops.money_target_key(i.change, i.target_key)) AS key_columns,
               jsonb_object_agg(payops.money_key(i.change, i.target_table, i.target_key),
                                payops.money_target_key(i.change, i.target_key)) AS keys
        FROM unnest(p_items) i
        WHERE i.change ? 'money' OR i.change ->> 'op' = 'send'
        GROUP BY 1, 2, 3
    LOOP
        t := to_regclass(g.target_table);
        SELECT * INTO s FROM payops.money_sources ms WHERE ms.operation = g.operation AND ms.target_table = t;
        CONTINUE WHEN NOT FOUND;
        cache := payops.cap_cache(g.target_table);
        EXECUTE format('SELECT coalesce(jsonb_object_agg(x.mkey, x.target), ''{}'') '
                       'FROM (SELECT k.mkey, to_jsonb(t) AS target FROM jsonb_each($1) k(mkey, key) '
                       'JOIN %s t ON %s FOR SHARE OF t) x',
                       t, payops.match_json_of(cache -> 'types', g.key_columns, 'k.key', false))
            INTO targets USING g.keys;
        refunded := '{}';
        IF s.refunds_table IS NOT NULL THEN
            -- Compared in the column's own type, so that its index serves.
            EXECUTE format('SELECT coalesce(jsonb_object_agg(x.mkey, x.refunded), ''{}'') '
                           'FROM (SELECT k.mkey, sum(r.%I) AS refunded FROM jsonb_each($1) k(mkey, key) '
                           'JOIN %s r ON r.%I = (k.key ->> %L)::%s %s GROUP BY k.mkey) x',
                           s.refund_amount_column, s.refunds_table, s.refund_of_column, g.key_columns[1],
                           cache ->> 'refund_of_type',
                           CASE WHEN s.refund_status_column IS NULL THEN ''
                                ELSE format('AND r.%I::text IS DISTINCT FROM %L', s.refund_status_column, 'failed') END)
                INTO refunded USING g.keys;
        END IF;
        -- Ledger items already applied are in the refunds table: counted there.
        SELECT coalesce(jsonb_object_agg(x.mkey, x.moving), '{}') INTO in_flight
        FROM (SELECT payops.money_key(o.change, o.target_table, o.target_key) AS mkey, sum(o.amount_minor) AS moving
              FROM payops.batch_items o JOIN payops.item_runs r ON r.batch_id = o.batch_id AND r.item_no = o.item_no
              WHERE payops.money_key(o.change, o.target_table, o.target_key) = ANY (payops.json_keys(g.keys))
                AND (o.change ? 'money' OR o.change ->> 'op' = 'send')
                AND r.state IN ('sending', 'unknown', 'applied')
                AND NOT (s.refunds_table IS NOT NULL AND o.change ->> 'op' <> 'send' AND r.state = 'applied')
              GROUP BY 1) x;
        caps := caps || (
            SELECT jsonb_object_agg(k.mkey, jsonb_build_object(
                       'target_table', t::text, 'target_key', k.key,
                       'found', targets ? k.mkey,
                       'amount', targets -> k.mkey ->> s.amount_column,
                       'currency', targets -> k.mkey ->> s.currency_column,
                       'checks_currency', s.currency_column IS NOT NULL,
                       'refunded', coalesce((refunded ->> k.mkey)::bigint, 0),
                       'in_flight', coalesce((in_flight ->> k.mkey)::bigint, 0)))
            FROM jsonb_each(g.keys) k(mkey, key));
    END LOOP;
    RETURN caps;
END $$;

-- Raises unless an item stays within its target's cap as payops.caps_of
-- read it (p_cap; NULL: no money source), less p_used, what items before
-- it in the same chunk took from the same target. Version 4's checks and
-- words, without reading anything.
CREATE FUNCTION payops.require_within_read_cap(i payops.batch_items, p_cap jsonb, p_used bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cap bigint;
BEGIN
    IF p_cap IS NULL THEN
        RAISE EXCEPTION 'no money source is registered for % on %', payops.money_operation(i.change),
            payops.money_table(i.change, i.target_table) USING ERRCODE = 'PX022';
    END IF;
    IF NOT (p_cap ->> 'found')::boolean THEN
        RAISE EXCEPTION 'no row with key % in %', p_cap -> 'target_key', p_cap ->> 'target_table' USING ERRCODE = 'PX002';
    END IF;
    IF (p_cap ->> 'checks_currency')::boolean
       AND btrim(p_cap ->> 'currency') IS DISTINCT FROM btrim(i.currency::text) THEN
        RAISE EXCEPTION 'the item is in % and % % is in %', i.currency, p_cap ->> 'target_table', p_cap -> 'target_key',
            p_cap ->> 'currency' USING ERRCODE = 'PX021';
    END IF;
    cap := (p_cap ->> 'amount')::bigint - (p_cap ->> 'refunded')::bigint - (p_cap ->> 'in_flight')::bigint
           - coalesce(p_used, 0);
    IF i.amount_minor IS NULL OR i.amount_minor <= 0 OR i.amount_minor > cap THEN
        RAISE EXCEPTION '% of % % exceeds what may still be moved against it: % (% less % recorded, less % in other items)',
            i.amount_minor, p_cap ->> 'target_table', p_cap -> 'target_key', greatest(cap, 0), p_cap ->> 'amount',
            p_cap ->> 'refunded', (p_cap ->> 'in_flight')::bigint + coalesce(p_used, 0)
            USING ERRCODE = 'PX020';
    END IF;
END $$;

-- Version 4's apply, with the caps read once a chunk: the targets of the
-- chunk's items first, then each item applied as before.
CREATE OR REPLACE FUNCTION payops.apply_items(p_batch bigint, p_max integer)
RETURNS TABLE (item_no integer, state text, reason text, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    c payops.executor_claims;
    it record;
    caps jsonb;
    used jsonb := '{}';
    item payops.batch_items;
    mkey text;
    t regclass;
    res record;
    code text;
    cons text;
    message text;
    done integer := 0;
    left_over integer;
    last_table text;
    types jsonb;
BEGIN
    PERFORM payops.require_role('payops_operator');
    b := payops.require_executing(p_batch);
    SELECT * INTO c FROM payops.executor_claims WHERE batch_id = p_batch;
    IF (c.backend_pid, c.backend_start) IS DISTINCT FROM
       (pg_backend_pid(), (SELECT a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid())) THEN
        RAISE EXCEPTION 'payops: this session does not hold the execution of batch % (claim it first)', p_batch
            USING ERRCODE = '55006';
    END IF;
    -- The targets of the chunk below (the claim keeps anyone else from
    -- applying its items meanwhile). An item found without its cap has it
    -- read alone, in its own savepoint: when reading the chunk's fails (a
    -- money source whose table changed), each item fails with its reason.
    BEGIN
        caps := payops.caps_of(ARRAY(
            SELECT i FROM payops.item_runs r JOIN payops.batch_items i ON i.batch_id = r.batch_id AND i.item_no = r.item_no
            WHERE r.batch_id = p_batch AND r.state = 'pending' AND (i.change ->> 'op') IS DISTINCT FROM 'send'
            ORDER BY r.item_no LIMIT greatest(p_max, 0)));
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE;
        IF left(code, 2) IN ('40', '53', '57', '58', 'XX') THEN
            RAISE;
        END IF;
        caps := '{}';
    END;
    FOR it IN
        SELECT i AS item, r.item_hash
        FROM payops.item_runs r JOIN payops.batch_items i ON i.batch_id = r.batch_id AND i.item_no = r.item_no
        WHERE r.batch_id = p_batch AND r.state = 'pending' AND (i.change ->> 'op') IS DISTINCT FROM 'send'
        ORDER BY r.item_no LIMIT greatest(p_max, 0)
        FOR UPDATE OF r
    LOOP
        item := it.item;
        IF payops.item_hash(item) IS DISTINCT FROM it.item_hash THEN
            RAISE EXCEPTION 'payops: item % of batch % is not the item that was approved', item.item_no, p_batch
                USING ERRCODE = '40001';
        END IF;
        item_no := item.item_no;
        BEGIN
            -- Items come grouped by table: the catalog is read once a table.
            IF item.target_table IS DISTINCT FROM last_table THEN
                last_table := NULL;
                t := payops.write_target(item.target_table);
                types := payops.table_columns(t);
                last_table := item.target_table;
            END IF;
            mkey := NULL;
            IF item.change ? 'money' THEN
                mkey := payops.money_key(item.change, item.target_table, item.target_key);
                IF NOT caps ? mkey THEN
                    caps := caps || payops.caps_of(ARRAY[item]);
                END IF;
                PERFORM payops.require_within_read_cap(item, caps -> mkey, (used ->> mkey)::bigint);
            END IF;
            res := payops.apply_change(t, types, item.target_key::jsonb, item.change);
            UPDATE payops.item_runs r
            SET state = 'applied', effect = res.effect, before_image = res.before_image, attempts = r.attempts + 1,
                applied_by = session_user, updated_at = now()
            WHERE r.batch_id = p_batch AND r.item_no = item.item_no;
            state := 'applied'; reason := NULL; detail := res.effect;
            -- Last, so that an item that failed takes nothing of its target's cap.
            IF mkey IS NOT NULL THEN
                used := used || jsonb_build_object(mkey, coalesce((used ->> mkey)::bigint, 0) + item.amount_minor);
            END IF;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, cons = CONSTRAINT_NAME, message = MESSAGE_TEXT;
            -- A deadlock, a lost connection or a cancel is not the item's
            -- conflict: the whole call fails and nothing of it commits.
            IF left(code, 2) IN ('40', '53', '57', '58', 'XX') THEN
                RAISE;
            END IF;
            state := 'conflict';
            reason := payops.conflict_reason(code, cons, to_regclass(item.target_table));
            detail := message;
            UPDATE payops.item_runs r
            SET state = 'conflict', reason = apply_items.reason, detail = message, attempts = r.attempts + 1,
                applied_by = session_user, updated_at = now()
            WHERE r.batch_id = p_batch AND r.item_no = item.item_no;
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

-- What every migration since version 2 ends with, once as a function: the
-- definers pinned to a search path with pg_temp last and a lock timeout,
-- every other function bare (an inlined or helper function carries no
-- settings). Run by the migrations as payops_owner; executable by no one
-- else.
CREATE FUNCTION payops.pin_function_settings() RETURNS void LANGUAGE plpgsql AS $$
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
SELECT payops.pin_function_settings();

RESET ROLE;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
