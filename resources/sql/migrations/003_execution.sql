-- payops schema, version 3: the execution core. The only way a billing row
-- is ever written by the console: SECURITY DEFINER functions that apply one
-- frozen, approved batch item, checked again here at apply time (batch
-- executing, item unchanged, same database, the caller holds the batch's
-- execution), with the item's effect and its recorded outcome committed in
-- the same transaction, so an item applies exactly once. Nobody's login
-- role gains a privilege on a billing table: a database owner registers
-- the tables corrective batches may write (payops allow-writes), which
-- grants them to payops_owner alone.
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may act as payops_owner.

-- The executor's claim is a lease tied to a server process: whether that
-- process still runs is read from pg_stat_activity, which hides other
-- users' backend_start without this role.
GRANT pg_read_all_stats TO payops_owner;

SET ROLE payops_owner;

ALTER TABLE payops.batches DROP CONSTRAINT batches_kind_check;
ALTER TABLE payops.batches ADD CONSTRAINT batches_kind_check
    CHECK (kind IN ('restore', 'refund', 'reversal', 'claw-back', 'field-restore', 'revert', 'other'));

-- The billing tables corrective batches may write, registered by a database
-- owner (payops allow-writes --table T), never by a function a login calls.
CREATE TABLE payops.write_targets (
    target_table  regclass PRIMARY KEY,
    registered_by name NOT NULL DEFAULT session_user,
    registered_at timestamptz NOT NULL DEFAULT now()
);

-- One run record per batch, made when its execution begins.
CREATE TABLE payops.batch_runs (
    batch_id     bigint PRIMARY KEY REFERENCES payops.batches (id),
    content_hash text NOT NULL, -- as begin_execution checked it
    items        integer NOT NULL,
    remaining    integer NOT NULL CHECK (remaining >= 0),
    started_by   name NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);

-- Who executes a batch: a lease held by one server process. A second
-- executor is refused, naming the holder, while that process lives.
CREATE TABLE payops.executor_claims (
    batch_id      bigint PRIMARY KEY REFERENCES payops.batches (id),
    executor      name,
    backend_pid   integer,
    backend_start timestamptz,
    program       text,
    claimed_at    timestamptz
);

-- One run record per item: its state and, once it ended, its outcome. The
-- primary key is the exactly-once: an item is applied by the transaction
-- that moves its record out of pending, and by no other.
CREATE TABLE payops.item_runs (
    batch_id        bigint NOT NULL,
    item_no         integer NOT NULL,
    item_hash       text NOT NULL, -- the frozen item as begin_execution saw it
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'applied', 'conflict', 'failed', 'sending', 'unknown')),
    reason          text,  -- why a conflict or a failure: key_reused, unique_taken, changed_since, ...
    detail          text,  -- the database's own words
    effect          text,  -- inserted, updated, deleted
    before_image    jsonb, -- what the item replaced, or the key it inserted: its revert
    idempotency_key text UNIQUE,
    attempts        integer NOT NULL DEFAULT 0,
    applied_by      name,
    updated_at      timestamptz,
    PRIMARY KEY (batch_id, item_no),
    FOREIGN KEY (batch_id, item_no) REFERENCES payops.batch_items (batch_id, item_no)
);
CREATE INDEX item_runs_open ON payops.item_runs (batch_id, item_no)
    WHERE state IN ('pending', 'sending', 'unknown');

-- An item's state only moves forward, and an ended item never changes.
CREATE FUNCTION payops.item_run_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payops: item runs are never deleted' USING ERRCODE = '42501';
    END IF;
    IF (NEW.batch_id, NEW.item_no, NEW.item_hash) IS DISTINCT FROM (OLD.batch_id, OLD.item_no, OLD.item_hash) THEN
        RAISE EXCEPTION 'payops: an item run''s item never changes' USING ERRCODE = '42501';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state AND NOT (OLD.state || '>' || NEW.state) = ANY (ARRAY[
            'pending>applied', 'pending>conflict', 'pending>failed', 'pending>sending',
            'sending>applied', 'sending>failed', 'sending>unknown',
            'unknown>applied', 'unknown>failed']) THEN
        RAISE EXCEPTION 'payops: item % of batch % may not go from % to %', OLD.item_no, OLD.batch_id, OLD.state, NEW.state
            USING ERRCODE = '42501';
    END IF;
    IF OLD.state IN ('applied', 'conflict', 'failed') AND
       (NEW.reason, NEW.detail, NEW.effect, NEW.before_image, NEW.applied_by)
       IS DISTINCT FROM (OLD.reason, OLD.detail, OLD.effect, OLD.before_image, OLD.applied_by) THEN
        RAISE EXCEPTION 'payops: item % of batch % has ended; its outcome never changes', OLD.item_no, OLD.batch_id
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER item_runs_are_guarded BEFORE UPDATE OR DELETE ON payops.item_runs
    FOR EACH ROW EXECUTE FUNCTION payops.item_run_guard();
CREATE TRIGGER batch_runs_are_never_deleted BEFORE DELETE ON payops.batch_runs
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('batch runs are never deleted');
CREATE TRIGGER write_targets_are_append_only BEFORE UPDATE OR DELETE ON payops.write_targets
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('registered write targets are revoked by hand, audited');
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['write_targets', 'batch_runs', 'executor_claims', 'item_runs'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON payops.%I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION payops.refuse_change(%L)',
                       t || '_is_not_truncated', t, 'payops tables are never truncated');
    END LOOP;
END $$;

-- The canonical text of one frozen item, and its hash.
CREATE FUNCTION payops.item_hash(i payops.batch_items) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT encode(sha256(convert_to(jsonb_build_array('payops-item/1', i.batch_id, i.item_no, i.target_table,
                                                  i.target_key, i.amount_minor, i.currency, i.change)::text,
                                'UTF8')), 'hex') $$;

-- The table an item names, if corrective batches may write it: the name
-- must be schema-qualified (nothing is looked up in a search path).
CREATE FUNCTION payops.write_target(p_table text) RETURNS regclass LANGUAGE plpgsql STABLE AS $$
DECLARE
    t regclass;
BEGIN
    IF p_table IS NULL OR position('.' IN p_table) = 0 THEN
        RAISE EXCEPTION 'payops: an item''s table is named with its schema (public.accounts), not "%"', p_table
            USING ERRCODE = '22023';
    END IF;
    t := to_regclass(p_table);
    IF t IS NULL OR NOT EXISTS (SELECT 1 FROM payops.write_targets w WHERE w.target_table = t) THEN
        RAISE EXCEPTION 'payops: corrective batches may not write %; a database owner registers it once with: payops allow-writes --table %',
            p_table, p_table USING ERRCODE = 'PX010';
    END IF;
    RETURN t;
END $$;

-- Every key of a JSON object, and the columns of a table with their types
-- as SQL spells them (for casts).
-- (plpgsql, not sql: called per item, and a plpgsql function keeps its plan
-- where an sql function with a FROM is set up anew at every call.)
CREATE FUNCTION payops.json_keys(p jsonb) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN ARRAY(SELECT jsonb_object_keys(coalesce(p, '{}')) ORDER BY 1);
END $$;
CREATE FUNCTION payops.table_columns(t regclass) RETURNS jsonb LANGUAGE sql STABLE AS $$
SELECT coalesce(jsonb_object_agg(a.attname, jsonb_build_object(
           'type', format_type(a.atttypid, a.atttypmod),
           -- Arrays, composites and json are read whole from the JSON value;
           -- scalars as text cast to their type, which plans fastest.
           'whole', ty.typcategory IN ('A', 'C') OR ty.typname IN ('json', 'jsonb'))), '{}')
FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
WHERE a.attrelid = t AND a.attnum > 0 AND NOT a.attisdropped $$;

-- The SQL for column c's value taken from JSON parameter $n.
CREATE FUNCTION payops.json_value(p_types jsonb, p_column text, p_param integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN format(CASE WHEN (p_types -> p_column ->> 'whole')::boolean THEN '($%s -> %L)::%s' ELSE '($%s ->> %L)::%s' END,
                  p_param, p_column, p_types -> p_column ->> 'type');
END $$;

-- "t.a = <$n's a> AND ..." over the given columns.
CREATE FUNCTION payops.match_json(p_types jsonb, p_columns text[], p_param integer, p_null_safe boolean)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    c text;
    sql text := '';
BEGIN
    FOREACH c IN ARRAY p_columns LOOP
        sql := sql || CASE WHEN sql = '' THEN '' ELSE ' AND ' END ||
               format('t.%I %s %s', c, CASE WHEN p_null_safe THEN 'IS NOT DISTINCT FROM' ELSE '=' END,
                      payops.json_value(p_types, c, p_param));
    END LOOP;
    RETURN CASE WHEN sql = '' THEN 'true' ELSE sql END;
END $$;

-- Applies one change to one row and returns what it did and what it
-- replaced. A change is frozen JSON the approver signed:
--   {"op": "insert", "row": {...every column...}}
--   {"op": "update", "set": {"col": value}, "expect": {"col": value seen when planned}}
--   {"op": "delete", "expect": {...every column as it must still be...}}
-- A row that is not as the plan saw it is a conflict, never forced:
-- PX001 changed_since, PX002 row_missing, PX004 shape_changed; a key taken
-- again is the primary key's unique violation (key_reused), and the
-- database's own refusals (unique, foreign key, check, triggers) surface as
-- they are, for the caller to name. `types` are t's columns
-- (payops.table_columns), passed in so that a run over many items of one
-- table reads the catalog once.
CREATE FUNCTION payops.apply_change(t regclass, types jsonb, p_key jsonb, p_change jsonb,
                                    OUT effect text, OUT before_image jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    op text := p_change ->> 'op';
    columns text[] := payops.json_keys(types);
    key_columns text[] := payops.json_keys(p_key);
    set_columns text[] := payops.json_keys(p_change -> 'set');
    expect_columns text[] := payops.json_keys(p_change -> 'expect');
    current jsonb;
    same boolean;
BEGIN
    IF cardinality(key_columns) = 0 OR NOT key_columns <@ columns THEN
        RAISE EXCEPTION 'the key % does not name columns of %', p_key, t USING ERRCODE = 'PX004';
    END IF;
    IF op = 'insert' THEN
        IF payops.json_keys(p_change -> 'row') IS DISTINCT FROM columns THEN
            RAISE EXCEPTION 'the row to insert has columns % and % has %', payops.json_keys(p_change -> 'row'), t, columns
                USING ERRCODE = 'PX004';
        END IF;
        EXECUTE format('INSERT INTO %s SELECT * FROM jsonb_populate_record(NULL::%s, $1)', t, t) USING p_change -> 'row';
        effect := 'inserted';
        before_image := jsonb_build_object('key', p_key);
    ELSIF op IN ('update', 'delete') THEN
        IF NOT expect_columns <@ columns OR NOT set_columns <@ columns THEN
            RAISE EXCEPTION 'the change names columns % does not have', t USING ERRCODE = 'PX004';
        END IF;
        EXECUTE format('SELECT to_jsonb(t), %s FROM %s t WHERE %s FOR UPDATE',
                       payops.match_json(types, expect_columns, 2, true), t,
                       payops.match_json(types, key_columns, 1, false))
            INTO current, same USING p_key, p_change -> 'expect';
        IF current IS NULL THEN
            RAISE EXCEPTION 'no row with key % in %', p_key, t USING ERRCODE = 'PX002';
        END IF;
        IF NOT same THEN
            RAISE EXCEPTION 'the row % of % changed since the plan', p_key, t USING ERRCODE = 'PX001';
        END IF;
        IF op = 'update' THEN
            IF cardinality(set_columns) = 0 THEN
                RAISE EXCEPTION 'an update sets nothing' USING ERRCODE = 'PX004';
            END IF;
            EXECUTE format('UPDATE %s t SET %s WHERE %s', t,
                           (SELECT string_agg(format('%I = %s', c, payops.json_value(types, c, 2)), ', ')
                            FROM unnest(set_columns) c),
                           payops.match_json(types, key_columns, 1, false))
                USING p_key, p_change -> 'set';
            effect := 'updated';
            before_image := jsonb_build_object('key', p_key, 'set',
                (SELECT jsonb_object_agg(c, current -> c) FROM unnest(set_columns) c));
        ELSE
            EXECUTE format('DELETE FROM %s t WHERE %s', t, payops.match_json(types, key_columns, 1, false))
                USING p_key;
            effect := 'deleted';
            before_image := jsonb_build_object('key', p_key, 'row', current);
        END IF;
    ELSE
        RAISE EXCEPTION 'an item''s change has op insert, update or delete, not %', coalesce(op, 'nothing')
            USING ERRCODE = 'PX004';
    END IF;
END $$;

-- What an error raised while applying an item means to a person.
CREATE FUNCTION payops.conflict_reason(p_sqlstate text, p_constraint text, t regclass) RETURNS text
LANGUAGE sql STABLE AS $$
SELECT CASE p_sqlstate
    WHEN 'PX001' THEN 'changed_since'
    WHEN 'PX002' THEN 'row_missing'
    WHEN 'PX003' THEN 'key_reused'
    WHEN 'PX004' THEN 'shape_changed'
    WHEN 'PX010' THEN 'table_not_registered'
    WHEN '23505' THEN CASE WHEN EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = t AND c.contype = 'p'
                                                                   AND c.conname = p_constraint)
                           THEN 'key_reused' ELSE 'unique_taken' END
    WHEN '23503' THEN 'parent_missing'
    WHEN '23514' THEN 'check_refused'
    WHEN '23502' THEN 'check_refused'
    WHEN 'P0001' THEN 'trigger_refused'
    ELSE 'refused'
END $$;

-- Checks that hold for every apply: executing, unchanged since it began,
-- on its own database.
CREATE FUNCTION payops.require_executing(p_batch bigint) RETURNS payops.batches LANGUAGE plpgsql AS $$
DECLARE
    b payops.batches;
    run payops.batch_runs;
    here record;
BEGIN
    SELECT * INTO b FROM payops.batches WHERE id = p_batch;
    IF NOT FOUND OR b.state <> 'executing' THEN
        RAISE EXCEPTION 'payops: batch % is not executing (it is %)', p_batch, coalesce(b.state, 'not there')
            USING ERRCODE = '55000';
    END IF;
    SELECT * INTO run FROM payops.batch_runs WHERE batch_id = p_batch;
    IF NOT FOUND OR run.content_hash IS DISTINCT FROM b.content_hash THEN
        RAISE EXCEPTION 'payops: batch % changed since its execution began', p_batch USING ERRCODE = '40001';
    END IF;
    SELECT * INTO here FROM payops.current_binding();
    IF (here.system_identifier, here.database_name, here.install_id) IS DISTINCT FROM
       (b.system_identifier, b.database_name, b.install_id) THEN
        RAISE EXCEPTION 'payops: batch % was built on database % (cluster %), not on this one (% on cluster %)',
            p_batch, b.database_name, b.system_identifier, here.database_name, here.system_identifier
            USING ERRCODE = '42501';
    END IF;
    RETURN b;
END $$;

-- The lease of the executing process on a batch.
CREATE FUNCTION payops.claim_execution(p_batch bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    c payops.executor_claims;
    mine timestamptz;
BEGIN
    PERFORM payops.require_role('payops_operator');
    b := payops.require_executing(p_batch);
    SELECT backend_start INTO mine FROM pg_stat_activity WHERE pid = pg_backend_pid();
    SELECT * INTO c FROM payops.executor_claims WHERE batch_id = p_batch FOR UPDATE;
    IF c.backend_pid IS NOT NULL AND (c.backend_pid, c.backend_start) IS DISTINCT FROM (pg_backend_pid(), mine)
       AND EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = c.backend_pid AND a.backend_start = c.backend_start) THEN
        RAISE EXCEPTION 'payops: batch % is being executed by % (% since %, server process %)',
            p_batch, c.executor, c.program, to_char(c.claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS UTC'), c.backend_pid
            USING ERRCODE = '55006';
    END IF;
    UPDATE payops.executor_claims
    SET executor = session_user, backend_pid = pg_backend_pid(), backend_start = mine,
        program = left(regexp_replace(coalesce(current_setting('application_name', true), ''), '[[:cntrl:]]', ' ', 'g'), 63),
        claimed_at = now()
    WHERE batch_id = p_batch;
    PERFORM payops.audit('batch.claim', p_batch, b.case_id, NULL,
                         jsonb_build_object('executor', session_user, 'backend_pid', pg_backend_pid(),
                                            'remaining', (SELECT remaining FROM payops.batch_runs WHERE batch_id = p_batch)));
END $$;

-- Applies up to p_max pending items of an executing batch, in item order,
-- each in a savepoint of its own so that one conflict never fails its
-- neighbours, all in the caller's transaction: the effects and the item
-- runs commit together or not at all. Returns what each item did.
CREATE FUNCTION payops.apply_items(p_batch bigint, p_max integer)
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
        WHERE r.batch_id = p_batch AND r.state = 'pending'
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
    IF done > 0 THEN
        UPDATE payops.batch_runs SET remaining = remaining - done WHERE batch_id = p_batch RETURNING remaining INTO left_over;
        IF left_over = 0 THEN
            PERFORM payops.finish_batch(p_batch);
        END IF;
    END IF;
END $$;

-- The last item has ended: done when every item applied, else partly_failed.
CREATE FUNCTION payops.finish_batch(p_batch bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    b payops.batches;
    counts jsonb;
    new_state text;
BEGIN
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    SELECT jsonb_object_agg(s, n) INTO counts
    FROM (SELECT r.state AS s, count(*) AS n FROM payops.item_runs r WHERE r.batch_id = p_batch GROUP BY r.state) x;
    new_state := CASE WHEN counts ?| ARRAY['conflict', 'failed'] THEN 'partly_failed' ELSE 'done' END;
    UPDATE payops.batches SET state = new_state WHERE id = p_batch;
    UPDATE payops.batch_runs SET finished_at = now() WHERE batch_id = p_batch;
    PERFORM payops.audit('batch.' || new_state, p_batch, b.case_id, jsonb_build_object('state', 'executing'),
                         jsonb_build_object('state', new_state, 'items', counts));
END $$;

-- The same apply, on every item, in a transaction the database rolls back:
-- the exact effect per item (inserted, updated, deleted, or the conflict
-- and why) and nothing committed. For a batch before or after approval.
CREATE FUNCTION payops.dry_run(p_batch bigint)
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

-- Many items at once: a JSON array of {target_table, target_key,
-- amount_minor, currency, change}, checked as add_batch_item checks one.
CREATE FUNCTION payops.add_batch_items(p_batch bigint, p_items jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    first_no integer;
    added integer;
    bad record;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.created_by <> session_user OR b.state <> 'draft' THEN
        RAISE EXCEPTION 'payops: batch % is not a draft of %', p_batch, session_user USING ERRCODE = '42501';
    END IF;
    IF jsonb_typeof(p_items) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'payops: the items are a JSON array' USING ERRCODE = '22023';
    END IF;
    SELECT n, e INTO bad FROM jsonb_array_elements(p_items) WITH ORDINALITY AS x(e, n)
    WHERE coalesce(btrim(e ->> 'target_table'), '') = '' OR length(e ->> 'target_table') > 200
       OR coalesce(btrim(e ->> 'target_key'), '') = '' OR length(e ->> 'target_key') > 2000
       OR (e ->> 'currency' IS NOT NULL AND e ->> 'currency' !~ '^[A-Z]{3}$')
       OR ((e ->> 'amount_minor') IS NULL) <> ((e ->> 'currency') IS NULL)
       OR (b.kind IN ('refund', 'reversal', 'claw-back') AND e ->> 'amount_minor' IS NULL)
       OR jsonb_typeof(e -> 'change') IS NULL OR octet_length((e -> 'change')::text) > 1024 * 1024
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'payops: item % of the list is not a valid item (table and key named, ISO 4217 currency with its amount, a change of at most 1 MB)', bad.n
            USING ERRCODE = '22023';
    END IF;
    SELECT coalesce(max(x.item_no), 0) INTO first_no FROM payops.batch_items x WHERE x.batch_id = p_batch;
    INSERT INTO payops.batch_items
    SELECT p_batch, first_no + n::integer, e ->> 'target_table', e ->> 'target_key', (e ->> 'amount_minor')::bigint,
           e ->> 'currency', e -> 'change'
    FROM jsonb_array_elements(p_items) WITH ORDINALITY AS x(e, n);
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added;
END $$;

-- A new draft that undoes an executed batch from its items' before-images,
-- newest first: an insert becomes a delete of exactly the row inserted, an
-- update puts back what it replaced (expecting what it wrote). Reviewed
-- and approved like any other batch.
CREATE FUNCTION payops.draft_revert(p_batch bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    new_id bigint;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch;
    IF NOT FOUND OR b.state NOT IN ('done', 'partly_failed') THEN
        RAISE EXCEPTION 'payops: only an executed batch can be reverted; batch % is %', p_batch, coalesce(b.state, 'not there')
            USING ERRCODE = '55000';
    END IF;
    new_id := payops.create_batch(b.case_id, 'revert', format('Revert of batch %s: %s', p_batch, left(b.description, 1900)),
                                  b.environment);
    PERFORM payops.add_batch_items(new_id, coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                   'target_table', i.target_table, 'target_key', i.target_key,
                   'amount_minor', i.amount_minor, 'currency', i.currency,
                   'change', CASE r.effect
                       WHEN 'inserted' THEN jsonb_build_object('op', 'delete', 'expect', i.change -> 'row')
                       WHEN 'updated' THEN jsonb_build_object('op', 'update', 'set', r.before_image -> 'set',
                                                              'expect', i.change -> 'set')
                       WHEN 'deleted' THEN jsonb_build_object('op', 'insert', 'row', r.before_image -> 'row')
                   END)
               ORDER BY i.item_no DESC)
        FROM payops.batch_items i JOIN payops.item_runs r ON r.batch_id = i.batch_id AND r.item_no = i.item_no
        WHERE i.batch_id = p_batch AND r.state = 'applied'), '[]'::jsonb));
    PERFORM payops.audit('batch.revert_drafted', new_id, b.case_id, NULL, jsonb_build_object('reverts', p_batch));
    RETURN new_id;
END $$;

-- Submission also refuses items on tables that batches may not write, and
-- money batches keep their amounts: version 2's submit, plus that check.
CREATE FUNCTION payops.require_write_targets(p_batch bigint) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE
    missing text;
BEGIN
    SELECT i.target_table INTO missing FROM payops.batch_items i
    WHERE i.batch_id = p_batch AND i.change ? 'op'
      AND (position('.' IN i.target_table) = 0 OR to_regclass(i.target_table) IS NULL
           OR NOT EXISTS (SELECT 1 FROM payops.write_targets w WHERE w.target_table = to_regclass(i.target_table)))
    LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'payops: corrective batches may not write %; a database owner registers it once with: payops allow-writes --table %',
            missing, missing USING ERRCODE = 'PX010';
    END IF;
END $$;

-- begin_execution as in version 2, and then the run records.
CREATE OR REPLACE FUNCTION payops.begin_execution(p_batch bigint, p_expected_hash text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    here record;
    needed integer;
    signed integer;
    n integer;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.state <> 'approved' THEN
        RAISE EXCEPTION 'payops: batch % is not approved', p_batch USING ERRCODE = '42501';
    END IF;
    IF p_expected_hash IS DISTINCT FROM b.content_hash OR b.content_hash IS DISTINCT FROM payops.batch_hash(p_batch) THEN
        RAISE EXCEPTION 'payops: batch % changed since it was approved (hash mismatch)', p_batch USING ERRCODE = '40001';
    END IF;
    needed := payops.required_approvals(p_batch);
    signed := payops.valid_approvals(p_batch);
    IF signed < needed OR EXISTS (SELECT 1 FROM payops.approvals WHERE batch_id = p_batch AND decision = 'rejected') THEN
        RAISE EXCEPTION 'payops: batch % holds % approval(s) of its current content from people who did not build it, and needs %',
            p_batch, signed, needed USING ERRCODE = '42501';
    END IF;
    SELECT * INTO here FROM payops.current_binding();
    IF (here.system_identifier, here.database_name, here.install_id) IS DISTINCT FROM
       (b.system_identifier, b.database_name, b.install_id) THEN
        RAISE EXCEPTION 'payops: batch % was built on database % (cluster %), not on this one (% on cluster %)',
            p_batch, b.database_name, b.system_identifier, here.database_name, here.system_identifier
            USING ERRCODE = '42501';
    END IF;
    PERFORM payops.require_write_targets(p_batch);
    UPDATE payops.batches SET state = 'executing' WHERE id = p_batch;
    INSERT INTO payops.item_runs (batch_id, item_no, item_hash)
    SELECT i.batch_id, i.item_no, payops.item_hash(i) FROM payops.batch_items i WHERE i.batch_id = p_batch;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO payops.batch_runs (batch_id, content_hash, items, remaining, started_by)
    VALUES (p_batch, b.content_hash, n, n, session_user);
    INSERT INTO payops.executor_claims (batch_id) VALUES (p_batch);
    PERFORM payops.audit('batch.execute', p_batch, b.case_id, jsonb_build_object('state', 'approved'),
                         jsonb_build_object('state', 'executing', 'approvals', signed, 'items', n));
    IF n = 0 THEN
        PERFORM payops.finish_batch(p_batch);
    END IF;
END $$;

-- SECURITY DEFINER functions pin their search path (pg_temp last) and a
-- lock timeout. The helpers they call run only inside them, with that
-- path, and no login may execute them (EXECUTE is revoked below): they
-- carry no SET clause of their own, so that the hot ones are inlined and
-- cost no settings switch per call (a switch per item was half the time of
-- a large restore).
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
GRANT SELECT ON payops.write_targets, payops.batch_runs, payops.executor_claims, payops.item_runs TO payops_viewer;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.claim_execution(bigint), payops.apply_items(bigint, integer),
    payops.add_batch_items(bigint, jsonb), payops.draft_revert(bigint) TO payops_operator;
GRANT EXECUTE ON FUNCTION payops.dry_run(bigint) TO payops_operator, payops_approver;
