-- payops schema, version 2: the approval gate made to hold against a hostile
-- login. Every rule here answers an attack that worked on version 1
-- (docs/SECURITY.md, "What is proven by tests"):
--   * every function pins search_path with pg_temp last, so a caller's
--     temporary types and relations can no longer run code as the owner;
--   * the audit chain is locked through a row only the owner can lock (an
--     advisory lock is anyone's), hashed with an unambiguous encoding, and
--     its head kept in a row of its own;
--   * approvals, case events and the audit log are append-only, no payops
--     table can be truncated, a batch's origin, binding and hash never
--     change, and its state moves only forward;
--   * the approval policy fails closed (ISO 4217 codes, two approvers for a
--     currency without a policy, sums of absolute amounts, amounts on every
--     item of a money batch);
--   * submission claims the rows a batch touches, so two pending batches
--     can never change the same rows, however they race;
--   * execution counts the approvals of the content it is about to run;
--   * the batch's environment is the database's own declaration, case
--     titles and texts have sane sizes, and only the payops functions
--     themselves write "batch" and "decision" events.
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may act as payops_owner.

SET ROLE payops_owner;

-- The chain's head: the last row's number and hash. audit() locks this row
-- to append, which serialises writers without any lock a non-owner can take
-- (SELECT ... FOR UPDATE and LOCK TABLE beyond ACCESS SHARE need UPDATE).
CREATE TABLE payops.audit_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq       bigint NOT NULL,
    row_hash  text NOT NULL
);
INSERT INTO payops.audit_head (seq, row_hash)
SELECT coalesce(max(seq), 0),
       coalesce((SELECT row_hash FROM payops.audit_log ORDER BY seq DESC LIMIT 1), 'genesis')
FROM payops.audit_log;

-- Rows written from now on are hashed with version 2 of the canonical text
-- (a JSON array: no field can bleed into its neighbour, NULL is not '').
ALTER TABLE payops.audit_log ADD COLUMN hash_version smallint NOT NULL DEFAULT 1
    CHECK (hash_version IN (1, 2));
ALTER TABLE payops.audit_log ALTER COLUMN hash_version SET DEFAULT 2;
-- application_name (the client column) is whatever a client claims; the
-- server process and the client's port are facts the caller cannot choose.
ALTER TABLE payops.audit_log ADD COLUMN backend_pid integer, ADD COLUMN client_port integer;

-- Seals: an approver's HMAC of a chain head, with a key that lives in the
-- approvers' keychain and never in the database, so the owner cannot forge
-- a seal for a rewritten chain (payops audit seal / verify --seal-key).
CREATE TABLE payops.audit_seals (
    seq       bigint NOT NULL,
    row_hash  text NOT NULL,
    mac       text NOT NULL CHECK (mac ~ '^[0-9a-f]{64}$'),
    sealed_by name NOT NULL,
    sealed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (seq, sealed_by)
);

-- One claim per target row while a batch that changes it is pending: the
-- primary key makes a second, concurrent submission of the same rows wait
-- for the first and then fail, instead of both reading "nobody has it".
CREATE TABLE payops.batch_claims (
    target_table text NOT NULL,
    target_key   text NOT NULL,
    batch_id     bigint NOT NULL REFERENCES payops.batches (id),
    PRIMARY KEY (target_table, target_key)
);
CREATE INDEX batch_claims_by_batch ON payops.batch_claims (batch_id);
INSERT INTO payops.batch_claims (target_table, target_key, batch_id)
SELECT DISTINCT ON (i.target_table, i.target_key) i.target_table, i.target_key, i.batch_id
FROM payops.batch_items i JOIN payops.batches b ON b.id = i.batch_id
WHERE b.state IN ('submitted', 'approved', 'executing')
ORDER BY i.target_table, i.target_key, i.batch_id;

-- The environment is what the database says it is, not what a caller types.
ALTER TABLE payops.installation ADD COLUMN environment text
    CHECK (environment IN ('production', 'staging', 'test', 'demo'));
UPDATE payops.installation SET environment = CASE lower(btrim(current_setting('payops.environment', true)))
    WHEN 'production' THEN 'production' WHEN 'prod' THEN 'production' WHEN 'live' THEN 'production'
    WHEN 'staging' THEN 'staging' WHEN 'stage' THEN 'staging'
    WHEN 'test' THEN 'test' WHEN 'demo' THEN 'demo' END;

-- Sizes and codes an operator would recognise. NOT VALID: rows written by
-- version 1 stay as they were; every new row is checked.
ALTER TABLE payops.cases ADD CONSTRAINT cases_title_size CHECK (length(title) <= 200) NOT VALID;
ALTER TABLE payops.batches ADD CONSTRAINT batches_description_size
    CHECK (length(description) <= 2000) NOT VALID;
ALTER TABLE payops.batch_items ADD CONSTRAINT batch_items_iso_currency
    CHECK (currency ~ '^[A-Z]{3}$') NOT VALID;
ALTER TABLE payops.approvals ADD CONSTRAINT approvals_reason_size
    CHECK (length(reason) <= 2000) NOT VALID;

-- Append-only and never truncated: UPDATE and DELETE refused on history,
-- TRUNCATE on every table (a statement trigger: TRUNCATE skips row triggers).
CREATE TRIGGER approvals_are_append_only BEFORE UPDATE OR DELETE ON payops.approvals
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('approvals are append-only');
CREATE TRIGGER case_events_are_append_only BEFORE UPDATE OR DELETE ON payops.case_events
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('the case timeline is append-only');
CREATE TRIGGER audit_seals_are_append_only BEFORE UPDATE OR DELETE ON payops.audit_seals
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('seals are append-only');
CREATE TRIGGER cases_are_never_deleted BEFORE DELETE ON payops.cases
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('cases are closed, never deleted');
CREATE TRIGGER audit_head_is_never_deleted BEFORE DELETE ON payops.audit_head
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('the audit head is never deleted');
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['schema_version', 'installation', 'approval_policy', 'cases',
                             'case_events', 'batches', 'batch_items', 'approvals', 'audit_head',
                             'audit_seals', 'batch_claims'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON payops.%I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION payops.refuse_change(%L)',
                       t || '_is_not_truncated', t, 'payops tables are never truncated');
    END LOOP;
END $$;

-- A batch's origin, binding and signed hash never change, and its state
-- only moves forward along the life of a batch; a batch is never deleted.
CREATE FUNCTION payops.batch_header_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payops: batches are never deleted (cancel them instead)' USING ERRCODE = '42501';
    END IF;
    IF (NEW.id, NEW.case_id, NEW.kind, NEW.description, NEW.created_by, NEW.created_at,
        NEW.system_identifier, NEW.database_name, NEW.install_id, NEW.environment) IS DISTINCT FROM
       (OLD.id, OLD.case_id, OLD.kind, OLD.description, OLD.created_by, OLD.created_at,
        OLD.system_identifier, OLD.database_name, OLD.install_id, OLD.environment) THEN
        RAISE EXCEPTION 'payops: the origin and database binding of batch % never change', OLD.id
            USING ERRCODE = '42501';
    END IF;
    IF OLD.content_hash IS NOT NULL AND (NEW.content_hash, NEW.submitted_by, NEW.submitted_at)
            IS DISTINCT FROM (OLD.content_hash, OLD.submitted_by, OLD.submitted_at) THEN
        RAISE EXCEPTION 'payops: the signed content hash of batch % never changes', OLD.id
            USING ERRCODE = '42501';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state AND NOT (OLD.state || '>' || NEW.state) = ANY (ARRAY[
            'draft>submitted', 'draft>cancelled', 'submitted>approved', 'submitted>rejected',
            'submitted>cancelled', 'approved>executing', 'executing>done',
            'executing>partly_failed']) THEN
        RAISE EXCEPTION 'payops: batch % may not go from % to %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER batch_header_is_guarded BEFORE UPDATE OR DELETE ON payops.batches
    FOR EACH ROW EXECUTE FUNCTION payops.batch_header_guard();

-- A batch that ended (or never will run) lets go of its rows.
CREATE FUNCTION payops.release_claims() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM payops.batch_claims WHERE batch_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER batch_releases_claims AFTER UPDATE OF state ON payops.batches
    FOR EACH ROW WHEN (NEW.state IN ('rejected', 'cancelled', 'done', 'partly_failed'))
    EXECUTE FUNCTION payops.release_claims();

-- The canonical text of an audit row and its hash. Version 1 (rows written
-- before this migration) joined fields with '|' and dropped NULLs, so two
-- different rows could share a text; version 2 is a JSON array.
CREATE OR REPLACE FUNCTION payops.audit_row_hash(a payops.audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT encode(sha256(convert_to(CASE WHEN a.hash_version = 1 THEN
    concat_ws('|', a.prev_hash, a.seq, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
              a.db_role, a.client, a.client_addr, a.action, a.batch_id, a.case_id,
              a.before::text, a.after::text)
    ELSE
    jsonb_build_array('payops-audit/2', a.prev_hash, a.seq,
                      to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                      a.db_role::text, a.client, a.client_addr::text, a.client_port,
                      a.backend_pid, a.action, a.batch_id, a.case_id, a.before, a.after)::text
    END, 'UTF8')), 'hex') $$;

CREATE OR REPLACE FUNCTION payops.audit(p_action text, p_batch bigint, p_case bigint, p_before jsonb, p_after jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    r payops.audit_log;
    head payops.audit_head;
BEGIN
    -- One writer at a time keeps the chain a chain: the head row's lock.
    UPDATE payops.audit_head SET seq = seq + 1 WHERE singleton RETURNING * INTO head;
    r.seq := head.seq;
    r.at := clock_timestamp();
    r.db_role := session_user;
    -- application_name is whatever the client claims: kept as a claim, one
    -- printable line; who acted is db_role, which the server authenticated.
    r.client := left(regexp_replace(coalesce(current_setting('application_name', true), ''),
                                    '[[:cntrl:]]', ' ', 'g'), 63);
    r.client_addr := inet_client_addr();
    r.client_port := inet_client_port();
    r.backend_pid := pg_backend_pid();
    r.action := p_action;
    r.batch_id := p_batch;
    r.case_id := p_case;
    r.before := p_before;
    r.after := p_after;
    r.prev_hash := head.row_hash;
    r.hash_version := 2;
    r.row_hash := payops.audit_row_hash(r);
    INSERT INTO payops.audit_log SELECT r.*;
    UPDATE payops.audit_head SET row_hash = r.row_hash WHERE singleton;
END $$;

-- Walks the chain and checks that the head row agrees with its last row;
-- returns the first broken link, or nothing when intact.
CREATE OR REPLACE FUNCTION payops.verify_audit_chain(OUT broken_seq bigint, OUT problem text)
RETURNS SETOF record LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    a payops.audit_log;
    head payops.audit_head;
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
    SELECT * INTO head FROM payops.audit_head;
    IF NOT FOUND OR head.seq <> expected_seq - 1 OR head.row_hash <> expected_prev THEN
        broken_seq := expected_seq;
        problem := format('the log ends at row %s but its head row says %s: rows were cut off or added around the chain',
                          expected_seq - 1, coalesce(head.seq::text, 'nothing'));
        RETURN NEXT;
    END IF;
END $$;

-- How many distinct approvals of its current content a batch needs: two
-- when any currency has no policy row, or its absolute amounts add up to
-- more than the policy's threshold; else one.
CREATE FUNCTION payops.required_approvals(p_batch bigint) RETURNS integer
LANGUAGE sql STABLE AS $$
SELECT CASE WHEN EXISTS (
    SELECT 1
    FROM payops.batch_items i LEFT JOIN payops.approval_policy p ON p.currency = i.currency
    WHERE i.batch_id = p_batch AND i.currency IS NOT NULL
    GROUP BY i.currency, p.two_approvers_above_minor
    HAVING p.two_approvers_above_minor IS NULL OR sum(abs(i.amount_minor)) > p.two_approvers_above_minor)
THEN 2 ELSE 1 END $$;

-- The approvals a batch holds for exactly the content it has now, from
-- people who neither built nor submitted it.
CREATE FUNCTION payops.valid_approvals(p_batch bigint) RETURNS integer
LANGUAGE sql STABLE AS $$
SELECT count(DISTINCT a.approver)::integer
FROM payops.approvals a JOIN payops.batches b ON b.id = a.batch_id
WHERE a.batch_id = p_batch AND a.decision = 'approved' AND a.seen_hash = b.content_hash
  AND a.approver <> b.created_by AND a.approver IS DISTINCT FROM b.submitted_by $$;

-- Case timeline entries the functions themselves write ('batch',
-- 'decision'); not callable from outside.
CREATE FUNCTION payops.case_event(p_case bigint, p_kind text, p_body jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    new_id bigint;
BEGIN
    INSERT INTO payops.case_events (case_id, kind, body, created_by) VALUES (p_case, p_kind, p_body, session_user)
    RETURNING id INTO new_id;
    PERFORM payops.audit('case.' || p_kind, NULL, p_case, NULL, p_body);
    RETURN new_id;
END $$;

-- A text an operator typed: present, one that fits, refused in words.
CREATE FUNCTION payops.require_text(p_what text, p_value text, p_max integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF coalesce(btrim(p_value), '') = '' THEN
        RAISE EXCEPTION 'payops: % is empty', p_what USING ERRCODE = '22023';
    END IF;
    IF length(p_value) > p_max THEN
        RAISE EXCEPTION 'payops: % is at most % characters; this one has %', p_what, p_max, length(p_value)
            USING ERRCODE = '22001';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION payops.create_case(p_title text, p_severity text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    new_id bigint;
BEGIN
    PERFORM payops.require_role('payops_operator');
    PERFORM payops.require_text('a case title', p_title, 200);
    IF p_title ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'payops: a case title is one line of text' USING ERRCODE = '22023';
    END IF;
    INSERT INTO payops.cases (title, severity, owner) VALUES (p_title, p_severity, session_user) RETURNING id INTO new_id;
    PERFORM payops.audit('case.create', NULL, new_id, NULL, jsonb_build_object('title', p_title, 'severity', p_severity));
    RETURN new_id;
END $$;

-- What operators may add to a case's timeline: notes and frozen findings.
-- Batch and decision entries come only from the batch functions.
CREATE OR REPLACE FUNCTION payops.add_case_event(p_case bigint, p_kind text, p_body jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    c payops.cases;
BEGIN
    PERFORM payops.require_role('payops_operator');
    IF p_kind IS DISTINCT FROM 'note' AND p_kind IS DISTINCT FROM 'finding' THEN
        RAISE EXCEPTION 'payops: operators add notes and findings to a case; % entries are written by the batch functions', p_kind
            USING ERRCODE = '42501';
    END IF;
    SELECT * INTO c FROM payops.cases WHERE id = p_case;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payops: there is no case %', p_case USING ERRCODE = '22023';
    END IF;
    IF c.status = 'closed' THEN
        RAISE EXCEPTION 'payops: case % is closed', p_case USING ERRCODE = '55000';
    END IF;
    IF p_kind = 'note' THEN
        PERFORM payops.require_text('a note', p_body ->> 'text', 20000);
    END IF;
    IF octet_length(p_body::text) > 64 * 1024 * 1024 THEN
        RAISE EXCEPTION 'payops: a case entry is at most 64 MB' USING ERRCODE = '22001';
    END IF;
    RETURN payops.case_event(p_case, p_kind, p_body);
END $$;

CREATE OR REPLACE FUNCTION payops.create_batch(p_case bigint, p_kind text, p_description text, p_environment text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b record;
    declared text;
    new_id bigint;
BEGIN
    PERFORM payops.require_role('payops_operator');
    PERFORM payops.require_text('a batch description', p_description, 2000);
    IF p_environment IS NULL OR p_environment NOT IN ('production', 'staging', 'test', 'demo') THEN
        RAISE EXCEPTION 'payops: a batch''s environment is production, staging, test or demo, not %', coalesce(p_environment, 'NULL')
            USING ERRCODE = '22023';
    END IF;
    SELECT environment INTO declared FROM payops.installation;
    IF declared IS NOT NULL AND declared <> p_environment THEN
        RAISE EXCEPTION 'payops: this database declares itself %; a batch labelled % is refused', declared, p_environment
            USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM payops.cases WHERE id = p_case AND status <> 'closed') THEN
        RAISE EXCEPTION 'payops: there is no open case %', p_case USING ERRCODE = '22023';
    END IF;
    SELECT * INTO b FROM payops.current_binding();
    INSERT INTO payops.batches (case_id, kind, description, created_by, system_identifier, database_name, install_id, environment)
    VALUES (p_case, p_kind, p_description, session_user, b.system_identifier, b.database_name, b.install_id, p_environment)
    RETURNING id INTO new_id;
    PERFORM payops.audit('batch.create', new_id, p_case, NULL,
                         jsonb_build_object('kind', p_kind, 'description', p_description, 'environment', p_environment));
    RETURN new_id;
END $$;

CREATE OR REPLACE FUNCTION payops.add_batch_item(p_batch bigint, p_target_table text, p_target_key text, p_amount_minor bigint,
                                                 p_currency text, p_change jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    next_no integer;
BEGIN
    PERFORM payops.require_role('payops_operator');
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.created_by <> session_user OR b.state <> 'draft' THEN
        RAISE EXCEPTION 'payops: batch % is not a draft of %', p_batch, session_user USING ERRCODE = '42501';
    END IF;
    PERFORM payops.require_text('an item''s target table', p_target_table, 200);
    PERFORM payops.require_text('an item''s target key', p_target_key, 2000);
    IF p_currency IS NOT NULL AND p_currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'payops: % is not an ISO 4217 currency code (three capital letters, such as USD)', p_currency
            USING ERRCODE = '22023';
    END IF;
    IF (p_amount_minor IS NULL) <> (p_currency IS NULL) THEN
        RAISE EXCEPTION 'payops: an item has an amount and its currency, or neither' USING ERRCODE = '22023';
    END IF;
    IF b.kind IN ('refund', 'reversal', 'claw-back') AND p_amount_minor IS NULL THEN
        RAISE EXCEPTION 'payops: every item of a % batch carries an amount', b.kind USING ERRCODE = '22023';
    END IF;
    IF p_change IS NULL OR octet_length(p_change::text) > 1024 * 1024 THEN
        RAISE EXCEPTION 'payops: an item''s change is a JSON value of at most 1 MB' USING ERRCODE = '22023';
    END IF;
    SELECT coalesce(max(item_no), 0) + 1 INTO next_no FROM payops.batch_items WHERE batch_id = p_batch;
    INSERT INTO payops.batch_items VALUES (p_batch, next_no, p_target_table, p_target_key, p_amount_minor, p_currency, p_change);
    RETURN next_no;
END $$;

CREATE OR REPLACE FUNCTION payops.submit_batch(p_batch bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
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
    IF b.kind IN ('refund', 'reversal', 'claw-back') AND EXISTS (
            SELECT 1 FROM payops.batch_items WHERE batch_id = p_batch AND amount_minor IS NULL) THEN
        RAISE EXCEPTION 'payops: every item of a % batch carries an amount', b.kind USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM payops.batch_items WHERE batch_id = p_batch AND currency !~ '^[A-Z]{3}$') THEN
        RAISE EXCEPTION 'payops: batch % has an amount whose currency is not an ISO 4217 code', p_batch
            USING ERRCODE = '22023';
    END IF;
    -- Two pending batches must never change the same rows: claim them. A
    -- concurrent submission of the same rows waits here for this one.
    BEGIN
        INSERT INTO payops.batch_claims (target_table, target_key, batch_id)
        SELECT DISTINCT i.target_table, i.target_key, p_batch FROM payops.batch_items i WHERE i.batch_id = p_batch;
    EXCEPTION WHEN unique_violation THEN
        SELECT c.batch_id INTO clash
        FROM payops.batch_items i
        JOIN payops.batch_claims c ON c.target_table = i.target_table AND c.target_key = i.target_key
        WHERE i.batch_id = p_batch AND c.batch_id <> p_batch LIMIT 1;
        RAISE EXCEPTION 'payops: batch % already changes some of these rows and is still pending', coalesce(clash::text, 'another')
            USING ERRCODE = '23505';
    END;
    h := payops.batch_hash(p_batch);
    UPDATE payops.batches SET state = 'submitted', submitted_by = session_user, submitted_at = now(), content_hash = h
    WHERE id = p_batch;
    PERFORM payops.audit('batch.submit', p_batch, b.case_id, jsonb_build_object('state', 'draft'),
                         jsonb_build_object('state', 'submitted', 'hash', h));
    RETURN h;
END $$;

CREATE OR REPLACE FUNCTION payops.approve_batch(p_batch bigint, p_seen_hash text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    needed integer;
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
    IF EXISTS (SELECT 1 FROM payops.approvals WHERE batch_id = p_batch AND approver = session_user) THEN
        RAISE EXCEPTION 'payops: % has already decided batch %; a second approval must come from someone else', session_user, p_batch
            USING ERRCODE = '42501';
    END IF;
    IF p_seen_hash IS DISTINCT FROM b.content_hash OR b.content_hash IS DISTINCT FROM payops.batch_hash(p_batch) THEN
        RAISE EXCEPTION 'payops: batch % is not the batch you reviewed (hash mismatch)', p_batch USING ERRCODE = '40001';
    END IF;
    INSERT INTO payops.approvals (batch_id, approver, decision, seen_hash) VALUES (p_batch, session_user, 'approved', p_seen_hash);
    needed := payops.required_approvals(p_batch);
    approvals_count := payops.valid_approvals(p_batch);
    new_state := CASE WHEN approvals_count < needed THEN 'submitted' ELSE 'approved' END;
    IF new_state <> b.state THEN
        UPDATE payops.batches SET state = new_state WHERE id = p_batch;
    END IF;
    PERFORM payops.audit('batch.approve', p_batch, b.case_id, jsonb_build_object('state', 'submitted'),
                         jsonb_build_object('state', new_state, 'approvals', approvals_count, 'needed', needed,
                                            'hash', p_seen_hash));
    RETURN new_state;
END $$;

CREATE OR REPLACE FUNCTION payops.reject_batch(p_batch bigint, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
BEGIN
    PERFORM payops.require_role('payops_approver');
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'payops: a rejection needs a reason' USING ERRCODE = '22023';
    END IF;
    PERFORM payops.require_text('a rejection''s reason', p_reason, 2000);
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.state <> 'submitted' THEN
        RAISE EXCEPTION 'payops: batch % is not waiting for approval', p_batch USING ERRCODE = '55000';
    END IF;
    IF EXISTS (SELECT 1 FROM payops.approvals WHERE batch_id = p_batch AND approver = session_user) THEN
        RAISE EXCEPTION 'payops: % has already decided batch %', session_user, p_batch USING ERRCODE = '42501';
    END IF;
    INSERT INTO payops.approvals (batch_id, approver, decision, reason, seen_hash)
    VALUES (p_batch, session_user, 'rejected', p_reason, b.content_hash);
    UPDATE payops.batches SET state = 'rejected' WHERE id = p_batch;
    PERFORM payops.audit('batch.reject', p_batch, b.case_id, jsonb_build_object('state', 'submitted'),
                         jsonb_build_object('state', 'rejected', 'reason', p_reason));
END $$;

CREATE OR REPLACE FUNCTION payops.cancel_batch(p_batch bigint, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
BEGIN
    PERFORM payops.require_role('payops_operator');
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'payops: cancelling a batch needs a reason' USING ERRCODE = '22023';
    END IF;
    PERFORM payops.require_text('a cancellation''s reason', p_reason, 2000);
    SELECT * INTO b FROM payops.batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND OR b.created_by <> session_user OR b.state NOT IN ('draft', 'submitted') THEN
        RAISE EXCEPTION 'payops: only the author may cancel batch %, and only before approval', p_batch
            USING ERRCODE = '42501';
    END IF;
    UPDATE payops.batches SET state = 'cancelled' WHERE id = p_batch;
    PERFORM payops.audit('batch.cancel', p_batch, b.case_id, jsonb_build_object('state', b.state),
                         jsonb_build_object('state', 'cancelled', 'reason', p_reason));
END $$;

-- The one entry point executors use: refuses unless approved by enough
-- people for exactly the content it has now, and on the database the batch
-- was built on.
CREATE OR REPLACE FUNCTION payops.begin_execution(p_batch bigint, p_expected_hash text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    here record;
    needed integer;
    signed integer;
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
    UPDATE payops.batches SET state = 'executing' WHERE id = p_batch;
    PERFORM payops.audit('batch.execute', p_batch, b.case_id, jsonb_build_object('state', 'approved'),
                         jsonb_build_object('state', 'executing', 'approvals', signed));
END $$;

-- An approver seals a chain head they have seen with an HMAC computed on
-- their machine; the database only checks the row exists with that hash.
CREATE FUNCTION payops.seal_audit(p_seq bigint, p_row_hash text, p_mac text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
BEGIN
    PERFORM payops.require_role('payops_approver');
    IF NOT EXISTS (SELECT 1 FROM payops.audit_log WHERE seq = p_seq AND row_hash = p_row_hash) THEN
        RAISE EXCEPTION 'payops: the audit log has no row % with that hash', p_seq USING ERRCODE = '22023';
    END IF;
    INSERT INTO payops.audit_seals (seq, row_hash, mac, sealed_by) VALUES (p_seq, p_row_hash, p_mac, session_user)
    ON CONFLICT DO NOTHING;
END $$;

-- Every payops function, SECURITY DEFINER or not, resolves names in
-- pg_catalog and payops first and in the caller's temporary schema last
-- (and never there for functions and operators). Writers give up on a lock
-- after 10 s with a message instead of waiting without end.
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS signature, p.prosecdef
             FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'payops'::regnamespace LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, payops, pg_temp', f.signature);
        IF f.prosecdef THEN
            EXECUTE format('ALTER FUNCTION %s SET lock_timeout = %L', f.signature, '10s');
        END IF;
    END LOOP;
END $$;

RESET ROLE;

REVOKE ALL ON ALL TABLES IN SCHEMA payops FROM PUBLIC;
GRANT SELECT ON payops.audit_head, payops.audit_seals, payops.batch_claims TO payops_viewer;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.seal_audit(bigint, text, text) TO payops_approver;
