-- payops schema, version 1: cases, corrective batches, approvals and the
-- hash-chained audit log. The two-person rule lives here, in PostgreSQL:
-- nobody but the owner role (which cannot log in) may write these tables,
-- and every change goes through a SECURITY DEFINER function that checks
-- who is calling (session_user, which SET ROLE cannot change).
-- Run by `payops migrate` as a superuser (or a role with CREATEROLE that
-- owns the database), inside one transaction.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['payops_owner', 'payops_viewer', 'payops_operator', 'payops_approver'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END $$;
GRANT payops_viewer TO payops_operator, payops_approver;

CREATE SCHEMA payops AUTHORIZATION payops_owner;
REVOKE ALL ON SCHEMA payops FROM PUBLIC;
GRANT USAGE ON SCHEMA payops TO payops_viewer;

SET ROLE payops_owner;

-- Which migrations ran; `payops migrate` adds a row per migration, in the
-- migration's own transaction.
CREATE TABLE payops.schema_version (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by name NOT NULL DEFAULT session_user
);

-- Which database this is: the stamp that a pg_dump copies and a physical
-- restore keeps, checked together with the cluster's system identifier.
CREATE TABLE payops.installation (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    install_id   uuid NOT NULL DEFAULT gen_random_uuid(),
    installed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO payops.installation DEFAULT VALUES;

-- Above these totals (per currency) a batch needs two distinct approvers.
CREATE TABLE payops.approval_policy (
    currency               char(3) PRIMARY KEY,
    two_approvers_above_minor bigint NOT NULL CHECK (two_approvers_above_minor >= 0)
);
INSERT INTO payops.approval_policy VALUES
    ('USD', 1000000), ('EUR', 1000000), ('RUB', 80000000), ('CNY', 7000000);

CREATE TABLE payops.cases (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      text NOT NULL CHECK (title <> ''),
    severity   text NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'closed')),
    owner      name NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payops.case_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    bigint NOT NULL REFERENCES payops.cases (id),
    kind       text NOT NULL CHECK (kind IN ('finding', 'note', 'batch', 'decision')),
    body       jsonb NOT NULL, -- findings are frozen snapshots of their evidence
    created_by name NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payops.batches (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id           bigint NOT NULL REFERENCES payops.cases (id),
    kind              text NOT NULL CHECK (kind IN ('restore', 'refund', 'reversal', 'claw-back', 'field-restore', 'other')),
    description       text NOT NULL,
    state             text NOT NULL DEFAULT 'draft'
                      CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'executing', 'done', 'partly_failed', 'cancelled')),
    created_by        name NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    submitted_by      name,
    submitted_at      timestamptz,
    content_hash      text,
    -- The database the batch was built on; execution anywhere else is refused.
    system_identifier text NOT NULL,
    database_name     name NOT NULL,
    install_id        uuid NOT NULL,
    environment       text NOT NULL
);

CREATE TABLE payops.batch_items (
    batch_id     bigint NOT NULL REFERENCES payops.batches (id),
    item_no      integer NOT NULL,
    target_table text NOT NULL,
    target_key   text NOT NULL,
    amount_minor bigint,
    currency     char(3),
    change       jsonb NOT NULL,
    PRIMARY KEY (batch_id, item_no),
    CHECK ((amount_minor IS NULL) = (currency IS NULL))
);

CREATE TABLE payops.approvals (
    batch_id   bigint NOT NULL REFERENCES payops.batches (id),
    approver   name NOT NULL,
    decision   text NOT NULL CHECK (decision IN ('approved', 'rejected')),
    reason     text,
    seen_hash  text NOT NULL,
    decided_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, approver)
);

-- Append-only, hash-chained: each row carries the hash of the one before.
CREATE TABLE payops.audit_log (
    seq         bigint PRIMARY KEY,
    at          timestamptz NOT NULL,
    db_role     name NOT NULL,
    client      text NOT NULL, -- application_name: program, OS user and host
    client_addr inet,
    action      text NOT NULL,
    batch_id    bigint,
    case_id     bigint,
    before      jsonb,
    after       jsonb,
    prev_hash   text NOT NULL,
    row_hash    text NOT NULL
);

CREATE FUNCTION payops.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payops: % on % is not allowed: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0]
        USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON payops.audit_log
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('the audit log is append-only');
CREATE TRIGGER audit_log_is_not_truncated BEFORE TRUNCATE ON payops.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION payops.refuse_change('the audit log is append-only');

-- Items are frozen once their batch leaves draft.
CREATE FUNCTION payops.items_frozen_after_draft() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    batch_state text;
BEGIN
    SELECT state INTO batch_state FROM payops.batches
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.batch_id ELSE NEW.batch_id END;
    IF batch_state IS DISTINCT FROM 'draft' THEN
        RAISE EXCEPTION 'payops: the items of a % batch are frozen', batch_state USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER batch_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON payops.batch_items
    FOR EACH ROW EXECUTE FUNCTION payops.items_frozen_after_draft();

-- The canonical text of an audit row, and its hash with the previous one.
CREATE FUNCTION payops.audit_row_hash(a payops.audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT encode(sha256(convert_to(concat_ws('|', a.prev_hash, a.seq, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                                         a.db_role, a.client, a.client_addr, a.action, a.batch_id, a.case_id,
                                         a.before::text, a.after::text), 'UTF8')), 'hex') $$;

CREATE FUNCTION payops.audit(p_action text, p_batch bigint, p_case bigint, p_before jsonb, p_after jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    row payops.audit_log;
    last payops.audit_log;
BEGIN
    -- One writer at a time keeps the chain a chain.
    PERFORM pg_advisory_xact_lock(hashtext('payops.audit_log'));
    SELECT * INTO last FROM payops.audit_log ORDER BY seq DESC LIMIT 1;
    row.seq := coalesce(last.seq, 0) + 1;
    row.at := clock_timestamp();
    row.db_role := session_user;
    row.client := coalesce(current_setting('application_name', true), '');
    row.client_addr := inet_client_addr();
    row.action := p_action;
    row.batch_id := p_batch;
    row.case_id := p_case;
    row.before := p_before;
    row.after := p_after;
    row.prev_hash := coalesce(last.row_hash, 'genesis');
    row.row_hash := payops.audit_row_hash(row);
    INSERT INTO payops.audit_log SELECT row.*;
END $$;

CREATE FUNCTION payops.current_binding(OUT system_identifier text, OUT database_name name, OUT install_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
SELECT (SELECT s.system_identifier::text FROM pg_control_system() s), current_database(),
       (SELECT i.install_id FROM payops.installation i) $$;

CREATE FUNCTION payops.batch_hash(p_batch bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
SELECT encode(sha256(convert_to(
    (SELECT concat_ws('|', b.id, b.kind, b.system_identifier, b.database_name, b.install_id, b.environment)
     FROM payops.batches b WHERE b.id = p_batch) || E'\n' ||
    coalesce((SELECT string_agg(concat_ws('|', i.item_no, i.target_table, i.target_key, i.amount_minor, i.currency, i.change::text),
                                E'\n' ORDER BY i.item_no)
              FROM payops.batch_items i WHERE i.batch_id = p_batch), ''), 'UTF8')), 'hex') $$;

CREATE FUNCTION payops.require_role(p_role name) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
    IF NOT pg_has_role(session_user, p_role, 'MEMBER') THEN
        RAISE EXCEPTION 'payops: % is not a member of %', session_user, p_role USING ERRCODE = '42501';
    END IF;
END $$;

CREATE FUNCTION payops.create_case(p_title text, p_severity text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    new_id bigint;
BEGIN
    PERFORM payops.require_role('payops_operator');
    INSERT INTO payops.cases (title, severity, owner) VALUES (p_title, p_severity, session_user) RETURNING id INTO new_id;
    PERFORM payops.audit('case.create', NULL, new_id, NULL, jsonb_build_object('title', p_title, 'severity', p_severity));
    RETURN new_id;
END $$;

CREATE FUNCTION payops.add_case_event(p_case bigint, p_kind text, p_body jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    new_id bigint;
BEGIN
    PERFORM payops.require_role('payops_operator');
    INSERT INTO payops.case_events (case_id, kind, body, created_by) VALUES (p_case, p_kind, p_body, session_user)
    RETURNING id INTO new_id;
    PERFORM payops.audit('case.' || p_kind, NULL, p_case, NULL, p_body);
    RETURN new_id;
END $$;

CREATE FUNCTION payops.create_batch(p_case bigint, p_kind text, p_description text, p_environment text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    b record;
    new_id bigint;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.current_binding();
    INSERT INTO payops.batches (case_id, kind, description, created_by, system_identifier, database_name, install_id, environment)
    VALUES (p_case, p_kind, p_description, session_user, b.system_identifier, b.database_name, b.install_id, p_environment)
    RETURNING id INTO new_id;
    PERFORM payops.audit('batch.create', new_id, p_case, NULL,
                         jsonb_build_object('kind', p_kind, 'description', p_description, 'environment', p_environment));
    RETURN new_id;
END $$;

CREATE FUNCTION payops.add_batch_item(p_batch bigint, p_target_table text, p_target_key text, p_amount_minor bigint,
                                      p_currency text, p_change jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    b payops.batches;
    next_no integer;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.created_by <> session_user THEN
        RAISE EXCEPTION 'payops: batch % is not a draft of %', p_batch, session_user USING ERRCODE = '42501';
    END IF;
    SELECT coalesce(max(item_no), 0) + 1 INTO next_no FROM payops.batch_items WHERE batch_id = p_batch;
    INSERT INTO payops.batch_items VALUES (p_batch, next_no, p_target_table, p_target_key, p_amount_minor, p_currency, p_change);
    RETURN next_no;
END $$;

CREATE FUNCTION payops.submit_batch(p_batch bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    b payops.batches;
    clash bigint;
    h text;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.state <> 'draft' OR b.created_by <> session_user THEN
        RAISE EXCEPTION 'payops: only the author of a draft batch may submit it' USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM payops.batch_items WHERE batch_id = p_batch) THEN
        RAISE EXCEPTION 'payops: batch % has no items', p_batch USING ERRCODE = '22023';
    END IF;
    -- Two pending batches must never change the same rows.
    SELECT o.batch_id INTO clash
    FROM payops.batch_items mine
    JOIN payops.batch_items o ON o.target_table = mine.target_table AND o.target_key = mine.target_key AND o.batch_id <> p_batch
    JOIN payops.batches ob ON ob.id = o.batch_id AND ob.state IN ('submitted', 'approved', 'executing')
    WHERE mine.batch_id = p_batch LIMIT 1;
    IF clash IS NOT NULL THEN
        RAISE EXCEPTION 'payops: batch % already changes some of these rows and is still pending', clash USING ERRCODE = '23505';
    END IF;
    h := payops.batch_hash(p_batch);
    UPDATE payops.batches SET state = 'submitted', submitted_by = session_user, submitted_at = now(), content_hash = h
    WHERE id = p_batch;
    PERFORM payops.audit('batch.submit', p_batch, b.case_id, jsonb_build_object('state', 'draft'),
                         jsonb_build_object('state', 'submitted', 'hash', h));
    RETURN h;
END $$;

CREATE FUNCTION payops.approve_batch(p_batch bigint, p_seen_hash text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    b payops.batches;
    needs_two boolean;
    approvals_count integer;
    new_state text;
BEGIN
    PERFORM payops.require_role('payops_approver');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.state <> 'submitted' THEN
        RAISE EXCEPTION 'payops: batch % is not waiting for approval', p_batch USING ERRCODE = '55000';
    END IF;
    IF session_user IN (b.created_by, b.submitted_by) THEN
        RAISE EXCEPTION 'payops: % built or submitted batch % and may not approve it', session_user, p_batch
            USING ERRCODE = '42501';
    END IF;
    IF p_seen_hash IS DISTINCT FROM b.content_hash OR b.content_hash IS DISTINCT FROM payops.batch_hash(p_batch) THEN
        RAISE EXCEPTION 'payops: batch % is not the batch you reviewed (hash mismatch)', p_batch USING ERRCODE = '40001';
    END IF;
    INSERT INTO payops.approvals (batch_id, approver, decision, seen_hash) VALUES (p_batch, session_user, 'approved', p_seen_hash);
    SELECT EXISTS (SELECT 1 FROM payops.batch_items i JOIN payops.approval_policy p ON p.currency = i.currency
                   WHERE i.batch_id = p_batch GROUP BY i.currency, p.two_approvers_above_minor
                   HAVING sum(i.amount_minor) > p.two_approvers_above_minor)
    INTO needs_two;
    SELECT count(*) INTO approvals_count FROM payops.approvals WHERE batch_id = p_batch AND decision = 'approved';
    new_state := CASE WHEN needs_two AND approvals_count < 2 THEN 'submitted' ELSE 'approved' END;
    UPDATE payops.batches SET state = new_state WHERE id = p_batch;
    PERFORM payops.audit('batch.approve', p_batch, b.case_id, jsonb_build_object('state', 'submitted'),
                         jsonb_build_object('state', new_state, 'approvals', approvals_count, 'hash', p_seen_hash));
    RETURN new_state;
END $$;

CREATE FUNCTION payops.reject_batch(p_batch bigint, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    b payops.batches;
BEGIN
    PERFORM payops.require_role('payops_approver');
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'payops: a rejection needs a reason' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.state <> 'submitted' THEN
        RAISE EXCEPTION 'payops: batch % is not waiting for approval', p_batch USING ERRCODE = '55000';
    END IF;
    INSERT INTO payops.approvals (batch_id, approver, decision, reason, seen_hash)
    VALUES (p_batch, session_user, 'rejected', p_reason, b.content_hash);
    UPDATE payops.batches SET state = 'rejected' WHERE id = p_batch;
    PERFORM payops.audit('batch.reject', p_batch, b.case_id, jsonb_build_object('state', 'submitted'),
                         jsonb_build_object('state', 'rejected', 'reason', p_reason));
END $$;

-- The author may withdraw a batch that has not been approved; it is kept,
-- as cancelled, never deleted.
CREATE FUNCTION payops.cancel_batch(p_batch bigint, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    b payops.batches;
BEGIN
    PERFORM payops.require_role('payops_operator');
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'payops: cancelling a batch needs a reason' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.created_by <> session_user OR b.state NOT IN ('draft', 'submitted') THEN
        RAISE EXCEPTION 'payops: only the author may cancel batch %, and only before approval', p_batch
            USING ERRCODE = '42501';
    END IF;
    UPDATE payops.batches SET state = 'cancelled' WHERE id = p_batch;
    PERFORM payops.audit('batch.cancel', p_batch, b.case_id, jsonb_build_object('state', b.state),
                         jsonb_build_object('state', 'cancelled', 'reason', p_reason));
END $$;

-- The one entry point executors use: refuses unless approved, unchanged,
-- and on the database the batch was built on.
CREATE FUNCTION payops.begin_execution(p_batch bigint, p_expected_hash text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    b payops.batches;
    here record;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.state <> 'approved' THEN
        RAISE EXCEPTION 'payops: batch % is not approved', p_batch USING ERRCODE = '42501';
    END IF;
    IF p_expected_hash IS DISTINCT FROM b.content_hash OR b.content_hash IS DISTINCT FROM payops.batch_hash(p_batch) THEN
        RAISE EXCEPTION 'payops: batch % changed since it was approved (hash mismatch)', p_batch USING ERRCODE = '40001';
    END IF;
    SELECT * INTO here FROM payops.current_binding();
    IF (here.system_identifier, here.database_name, here.install_id) IS DISTINCT FROM
       (b.system_identifier, b.database_name, b.install_id) THEN
        RAISE EXCEPTION 'payops: batch % was built on database % (cluster %), not on this one (% on cluster %)',
            p_batch, b.database_name, b.system_identifier, here.database_name, here.system_identifier
            USING ERRCODE = '42501';
    END IF;
    UPDATE payops.batches SET state = 'executing' WHERE id = p_batch;
    PERFORM payops.audit('batch.execute', p_batch, b.case_id, jsonb_build_object('state', 'approved'),
                         jsonb_build_object('state', 'executing'));
END $$;

-- Walks the chain; returns the first broken link, or nothing when intact.
CREATE FUNCTION payops.verify_audit_chain(OUT broken_seq bigint, OUT problem text)
RETURNS SETOF record LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, payops AS $$
DECLARE
    a payops.audit_log;
    expected_prev text := 'genesis';
    expected_seq bigint := 1;
BEGIN
    FOR a IN SELECT * FROM payops.audit_log ORDER BY seq LOOP
        IF a.seq <> expected_seq THEN
            broken_seq := expected_seq; problem := format('row %s is missing', expected_seq); RETURN NEXT; RETURN;
        ELSIF a.prev_hash <> expected_prev THEN
            broken_seq := a.seq; problem := 'it does not point at the row before it'; RETURN NEXT; RETURN;
        ELSIF a.row_hash <> payops.audit_row_hash(a) THEN
            broken_seq := a.seq; problem := 'its content does not match its hash'; RETURN NEXT; RETURN;
        END IF;
        expected_prev := a.row_hash;
        expected_seq := a.seq + 1;
    END LOOP;
END $$;

RESET ROLE;

-- Nobody but the owner writes the tables; every change goes through the functions.
REVOKE ALL ON ALL TABLES IN SCHEMA payops FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA payops TO payops_viewer;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.create_case(text, text), payops.add_case_event(bigint, text, jsonb),
    payops.create_batch(bigint, text, text, text), payops.add_batch_item(bigint, text, text, bigint, text, jsonb),
    payops.submit_batch(bigint), payops.cancel_batch(bigint, text), payops.begin_execution(bigint, text)
    TO payops_operator;
GRANT EXECUTE ON FUNCTION payops.approve_batch(bigint, text), payops.reject_batch(bigint, text) TO payops_approver;
GRANT EXECUTE ON FUNCTION payops.verify_audit_chain(), payops.current_binding(), payops.batch_hash(bigint)
    TO payops_viewer;
