-- payops schema, version 5: the people an incident touched, and their
-- consent gating claw-backs; write-offs; where money goes.
--
--   * A roster per case: per person the account, contact details as they
--     were when the roster was made, what the incident did to them, and a
--     status with its history (not contacted ... agreed, refused, ...).
--     Support records it (payops_support, a viewer that may do only this);
--     every change is an append-only event and in the audit chain.
--   * A claw-back item executes only for a person whose status is agreed.
--     Until then its run is "held", with the reason; the database moves it
--     between held and pending as statuses change, and refuses, at the
--     moment an item is applied or sent, a claw-back without consent.
--   * A write-off batch records, approved like any batch, what will not be
--     recovered; it counts against the same cap as the claw-back.
--   * Money destinations (a payment provider over HTTP, an acquirer's
--     files) are registered on this database by its owner, with the
--     environment they belong to (the database's own) and a fingerprint of
--     their credential. A provider batch is sent only by a session that
--     bound its claim to the destination its items name, with that
--     credential: a production key on a staging database is refused here.
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may create roles and act as payops_owner.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'payops_support') THEN
        CREATE ROLE payops_support NOLOGIN;
    END IF;
END $$;
GRANT payops_viewer TO payops_support;

SET ROLE payops_owner;

-- The people of a case, one row each, keyed by their account.
CREATE TABLE payops.roster_people (
    case_id      bigint NOT NULL REFERENCES payops.cases (id),
    account      text NOT NULL CHECK (length(account) BETWEEN 1 AND 200),
    name         text,
    email        text,
    phone        text,
    impact       jsonb NOT NULL DEFAULT '{}', -- {"amounts": {"CNY": 85700}, "rows": 1, "first": ..., "last": ...}
    status       text NOT NULL DEFAULT 'not_contacted'
                 CHECK (status IN ('not_contacted', 'contacted', 'agreed', 'refused', 'disputed',
                                   'proof_asked', 'proof_sent', 'resolved', 'unreachable')),
    assignee     name,
    next_step    text,
    next_step_at timestamptz,
    added_by     name NOT NULL DEFAULT session_user,
    added_at     timestamptz NOT NULL DEFAULT now(),
    updated_by   name,
    updated_at   timestamptz,
    PRIMARY KEY (case_id, account)
);

-- Everything that happened to a person of a roster, in order; never changed.
CREATE TABLE payops.roster_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint NOT NULL,
    account      text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('added', 'status', 'note', 'assigned', 'next_step')),
    status       text,
    note         text,
    assignee     name,
    next_step    text,
    next_step_at timestamptz,
    created_by   name NOT NULL DEFAULT session_user,
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (case_id, account) REFERENCES payops.roster_people (case_id, account)
);
CREATE INDEX roster_events_person ON payops.roster_events (case_id, account, id);
CREATE TRIGGER roster_events_are_append_only BEFORE UPDATE OR DELETE ON payops.roster_events
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('outreach history is never changed');
CREATE TRIGGER roster_people_are_never_deleted BEFORE DELETE ON payops.roster_people
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('people are never taken off a roster');

-- Where money goes, registered by a database owner (payops allow-money
-- --destination). Append-only like the other registrations.
CREATE TABLE payops.money_destinations (
    name              text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    adapter           text NOT NULL CHECK (adapter IN ('http', 'file')),
    address           text NOT NULL CHECK (length(address) BETWEEN 1 AND 500), -- base URL, or the acquirer's name
    environment       text NOT NULL CHECK (environment IN ('production', 'staging', 'test', 'demo')),
    credential_sha256 text CHECK (credential_sha256 ~ '^[0-9a-f]{64}$'), -- of the provider's key; never the key
    registered_by     name NOT NULL DEFAULT session_user,
    registered_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((adapter = 'http') = (credential_sha256 IS NOT NULL))
);

-- A destination belongs to the environment this database declares itself.
CREATE FUNCTION payops.destination_environment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    declared text;
BEGIN
    SELECT environment INTO declared FROM payops.installation;
    IF declared IS DISTINCT FROM NEW.environment THEN
        RAISE EXCEPTION 'payops: this database declares itself %; a % destination is refused here',
            coalesce(declared, 'nothing (payops environment set)'), NEW.environment USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER money_destinations_match_the_database BEFORE INSERT ON payops.money_destinations
    FOR EACH ROW EXECUTE FUNCTION payops.destination_environment_guard();
CREATE TRIGGER money_destinations_are_append_only BEFORE UPDATE OR DELETE ON payops.money_destinations
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('registered destinations are revoked by hand, audited');

-- The destination a server process proved it sends to, for one batch.
CREATE TABLE payops.destination_bindings (
    batch_id      bigint PRIMARY KEY REFERENCES payops.batches (id),
    destination   text NOT NULL REFERENCES payops.money_destinations (name),
    backend_pid   integer NOT NULL,
    backend_start timestamptz NOT NULL,
    bound_by      name NOT NULL DEFAULT session_user,
    bound_at      timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['roster_people', 'roster_events', 'money_destinations', 'destination_bindings'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON payops.%I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION payops.refuse_change(%L)',
                       t || '_is_not_truncated', t, 'payops tables are never truncated');
    END LOOP;
END $$;

ALTER TABLE payops.batches DROP CONSTRAINT batches_kind_check,
    ADD CONSTRAINT batches_kind_check
    CHECK (kind IN ('restore', 'refund', 'reversal', 'claw-back', 'write-off', 'field-restore', 'revert', 'other'));

-- What an incident cost besides the money moved back (an acquirer's fees,
-- the SMS to the customers): recorded in the case, next to what was
-- recovered, for the dossier.
ALTER TABLE payops.case_events DROP CONSTRAINT case_events_kind_check,
    ADD CONSTRAINT case_events_kind_check CHECK (kind IN ('finding', 'note', 'batch', 'decision', 'cost'));

-- Held: a claw-back item waiting for its person's consent.
ALTER TABLE payops.item_runs DROP CONSTRAINT item_runs_state_check,
    ADD CONSTRAINT item_runs_state_check
    CHECK (state IN ('pending', 'applied', 'conflict', 'failed', 'sending', 'unknown', 'held'));

-- Whose money a claw-back item takes back: the account the plan named.
CREATE FUNCTION payops.person_of(p_change jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT coalesce(p_change -> 'money' ->> 'person', p_change ->> 'person') $$;

-- Why an item may not take money back now: NULL when it may (it is no
-- claw-back, or its person agreed), else their status.
CREATE FUNCTION payops.consent_missing(p_batch bigint, p_item integer) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    b_kind text;
    b_case bigint;
    person text;
    s text;
BEGIN
    SELECT kind, case_id INTO b_kind, b_case FROM payops.batches WHERE id = p_batch;
    IF b_kind IS DISTINCT FROM 'claw-back' THEN
        RETURN NULL;
    END IF;
    SELECT payops.person_of(change) INTO person FROM payops.batch_items WHERE batch_id = p_batch AND item_no = p_item;
    SELECT status INTO s FROM payops.roster_people WHERE case_id = b_case AND account = person;
    RETURN CASE WHEN s = 'agreed' THEN NULL ELSE coalesce(s, 'not on the roster') END;
END $$;

-- Holds the pending claw-back items of a case's executing batches whose
-- person has not agreed, and releases the held ones whose person has.
CREATE FUNCTION payops.sync_consent_holds(p_case bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE payops.item_runs r
    SET state = CASE WHEN x.status = 'agreed' THEN 'pending' ELSE 'held' END,
        reason = CASE WHEN x.status = 'agreed' THEN NULL ELSE 'awaiting_consent' END,
        detail = CASE WHEN x.status = 'agreed' THEN NULL
                      ELSE format('account %s is %s: a claw-back is taken only with their agreement',
                                  x.person, replace(x.status, '_', ' ')) END,
        updated_at = now()
    FROM (SELECT i.batch_id, i.item_no, payops.person_of(i.change) AS person,
                 coalesce(p.status, 'not_on_the_roster') AS status
          FROM payops.batches b
          JOIN payops.batch_items i ON i.batch_id = b.id
          LEFT JOIN payops.roster_people p ON p.case_id = b.case_id AND p.account = payops.person_of(i.change)
          WHERE b.case_id = p_case AND b.kind = 'claw-back' AND b.state = 'executing') x
    WHERE r.batch_id = x.batch_id AND r.item_no = x.item_no AND r.state IN ('pending', 'held')
      AND (r.state = 'held') IS DISTINCT FROM (x.status <> 'agreed');
END $$;

-- The run records of a claw-back batch are born held where consent is missing.
CREATE FUNCTION payops.hold_new_claw_backs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c bigint;
BEGIN
    FOR c IN SELECT DISTINCT b.case_id FROM new_runs n JOIN payops.batches b ON b.id = n.batch_id
             WHERE b.kind = 'claw-back' LOOP
        PERFORM payops.sync_consent_holds(c);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER item_runs_hold_claw_backs AFTER INSERT ON payops.item_runs
    REFERENCING NEW TABLE AS new_runs FOR EACH STATEMENT EXECUTE FUNCTION payops.hold_new_claw_backs();

-- The guard of version 4, plus: held goes back to pending (consent came)
-- or to failed (finance gave up on it); and a claw-back item is never
-- applied or sent while its person's consent is missing, whoever asks.
CREATE OR REPLACE FUNCTION payops.item_run_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
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
            'pending>applied', 'pending>conflict', 'pending>failed', 'pending>sending', 'pending>held',
            'held>pending', 'held>failed',
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
    IF OLD.state = 'pending' AND NEW.state IN ('applied', 'sending') THEN
        missing := payops.consent_missing(NEW.batch_id, NEW.item_no);
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION 'payops: item % of batch % takes money back from a person who has not agreed (%)',
                OLD.item_no, OLD.batch_id, replace(missing, '_', ' ') USING ERRCODE = 'PX024';
        END IF;
    END IF;
    IF OLD.state IN ('applied', 'conflict', 'failed') AND
       (NEW.reason, NEW.detail, NEW.effect, NEW.before_image, NEW.applied_by, NEW.provider_reference)
       IS DISTINCT FROM (OLD.reason, OLD.detail, OLD.effect, OLD.before_image, OLD.applied_by, OLD.provider_reference) THEN
        RAISE EXCEPTION 'payops: item % of batch % has ended; its outcome never changes', OLD.item_no, OLD.batch_id
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;

-- Version 4's reasons, plus consent's.
ALTER FUNCTION payops.conflict_reason(text, text, regclass) RENAME TO conflict_reason_v4;
CREATE FUNCTION payops.conflict_reason(p_sqlstate text, p_constraint text, t regclass) RETURNS text
LANGUAGE sql STABLE AS $$
SELECT CASE p_sqlstate WHEN 'PX024' THEN 'no_consent' ELSE payops.conflict_reason_v4(p_sqlstate, p_constraint, t) END $$;

-- Version 3's change, plus "record": an item that writes nothing but
-- stands, approved, in the batch's record (a write-off), once its target
-- row is there.
ALTER FUNCTION payops.apply_change(regclass, jsonb, jsonb, jsonb) RENAME TO apply_row_change;
CREATE FUNCTION payops.apply_change(t regclass, types jsonb, p_key jsonb, p_change jsonb,
                                    OUT effect text, OUT before_image jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    found_row boolean;
BEGIN
    IF p_change ->> 'op' IS DISTINCT FROM 'record' THEN
        SELECT a.effect, a.before_image INTO effect, before_image FROM payops.apply_row_change(t, types, p_key, p_change) a;
        RETURN;
    END IF;
    EXECUTE format('SELECT true FROM %s t WHERE %s FOR SHARE', t,
                   payops.match_json(types, payops.json_keys(p_key), 1, false))
        INTO found_row USING p_key;
    IF found_row IS NULL THEN
        RAISE EXCEPTION 'no row with key % in %', p_key, t USING ERRCODE = 'PX002';
    END IF;
    effect := 'recorded';
    before_image := NULL;
END $$;

-- The caller's session holds the batch's execution and, for a batch that
-- sends to a provider, has bound it to the destination its items name.
CREATE OR REPLACE FUNCTION payops.require_claim(p_batch bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c payops.executor_claims;
    here timestamptz := (SELECT a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid());
BEGIN
    SELECT * INTO c FROM payops.executor_claims WHERE batch_id = p_batch;
    IF (c.backend_pid, c.backend_start) IS DISTINCT FROM (pg_backend_pid(), here) THEN
        RAISE EXCEPTION 'payops: this session does not hold the execution of batch % (claim it first)', p_batch
            USING ERRCODE = '55006';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM payops.destination_bindings d
                   WHERE d.batch_id = p_batch AND (d.backend_pid, d.backend_start) = (pg_backend_pid(), here))
       AND EXISTS (SELECT 1 FROM payops.batch_items i WHERE i.batch_id = p_batch AND i.change ->> 'op' = 'send') THEN
        RAISE EXCEPTION 'payops: batch % sends money; this session has not bound it to its destination with that destination''s credential (payops.bind_destination)',
            p_batch USING ERRCODE = '42501';
    END IF;
END $$;

-- Binds the caller's claim on a provider batch to the destination every
-- item of it names, proving the credential it will send with by its
-- SHA-256: the destination must be registered on this database, for the
-- environment this database and the batch declare.
CREATE FUNCTION payops.bind_destination(p_batch bigint, p_destination text, p_credential_sha256 text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    d payops.money_destinations;
    declared text;
    c payops.executor_claims;
    here timestamptz := (SELECT a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid());
    named text;
BEGIN
    PERFORM payops.require_role('payops_operator');
    b := payops.require_executing(p_batch);
    SELECT * INTO c FROM payops.executor_claims WHERE batch_id = p_batch;
    IF (c.backend_pid, c.backend_start) IS DISTINCT FROM (pg_backend_pid(), here) THEN
        RAISE EXCEPTION 'payops: this session does not hold the execution of batch % (claim it first)', p_batch
            USING ERRCODE = '55006';
    END IF;
    SELECT * INTO d FROM payops.money_destinations WHERE name = p_destination;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payops: no destination % is registered on this database (payops allow-money --destination)',
            coalesce(p_destination, 'NULL') USING ERRCODE = '42501';
    END IF;
    SELECT environment INTO declared FROM payops.installation;
    IF d.environment IS DISTINCT FROM declared OR d.environment IS DISTINCT FROM b.environment THEN
        RAISE EXCEPTION 'payops: destination % is for %, and batch % is a % batch on a database that declares itself %',
            d.name, d.environment, p_batch, b.environment, coalesce(declared, 'nothing') USING ERRCODE = '42501';
    END IF;
    IF d.credential_sha256 IS NOT NULL AND d.credential_sha256 IS DISTINCT FROM lower(p_credential_sha256) THEN
        RAISE EXCEPTION 'payops: the credential offered is not the one registered for % (%): a key of another environment or provider is refused',
            d.name, d.environment USING ERRCODE = '42501';
    END IF;
    SELECT string_agg(DISTINCT coalesce(i.change ->> 'destination', 'none'), ', ') INTO named
    FROM payops.batch_items i
    WHERE i.batch_id = p_batch AND i.change ->> 'op' = 'send' AND (i.change ->> 'destination') IS DISTINCT FROM d.name;
    IF named IS NOT NULL THEN
        RAISE EXCEPTION 'payops: batch % was approved to send to %, not to %', p_batch, named, d.name
            USING ERRCODE = '42501';
    END IF;
    INSERT INTO payops.destination_bindings (batch_id, destination, backend_pid, backend_start)
    VALUES (p_batch, d.name, pg_backend_pid(), here)
    ON CONFLICT (batch_id) DO UPDATE
        SET destination = EXCLUDED.destination, backend_pid = EXCLUDED.backend_pid,
            backend_start = EXCLUDED.backend_start, bound_by = session_user, bound_at = now();
    PERFORM payops.audit('batch.bind_destination', p_batch, b.case_id, NULL,
                         jsonb_build_object('destination', d.name, 'address', d.address, 'environment', d.environment));
END $$;

-- Adds people to a case's roster (a JSON array of {account, name, email,
-- phone, impact}); people already on it stay as they are. Operators build
-- rosters from their findings and batches, support from what they learn.
-- Returns how many were added.
CREATE FUNCTION payops.add_to_roster(p_case bigint, p_people jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    added integer;
BEGIN
    IF NOT (pg_has_role(session_user, 'payops_operator', 'MEMBER') OR
            pg_has_role(session_user, 'payops_support', 'MEMBER')) THEN
        RAISE EXCEPTION 'payops: % is neither an operator nor support', session_user USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM payops.cases WHERE id = p_case) THEN
        RAISE EXCEPTION 'payops: there is no case %', p_case USING ERRCODE = '22023';
    END IF;
    IF jsonb_typeof(p_people) IS DISTINCT FROM 'array' OR jsonb_array_length(p_people) > 100000 THEN
        RAISE EXCEPTION 'payops: people are a JSON array of at most 100,000' USING ERRCODE = '22023';
    END IF;
    WITH given AS (
        SELECT btrim(e ->> 'account') AS account, left(e ->> 'name', 200) AS name, left(e ->> 'email', 320) AS email,
               left(e ->> 'phone', 50) AS phone,
               CASE WHEN jsonb_typeof(e -> 'impact') = 'object' THEN e -> 'impact' ELSE '{}' END AS impact
        FROM jsonb_array_elements(p_people) e
    ), inserted AS (
        INSERT INTO payops.roster_people (case_id, account, name, email, phone, impact)
        SELECT DISTINCT ON (account) p_case, account, name, email, phone, impact FROM given
        WHERE coalesce(account, '') <> ''
        ON CONFLICT DO NOTHING
        RETURNING account
    ), events AS (
        INSERT INTO payops.roster_events (case_id, account, kind, status)
        SELECT p_case, account, 'added', 'not_contacted' FROM inserted
        RETURNING 1
    )
    SELECT count(*) INTO added FROM events;
    PERFORM payops.audit('outreach.add', NULL, p_case, NULL,
                         jsonb_build_object('added', added, 'given', jsonb_array_length(p_people)));
    RETURN added;
END $$;

-- Records what support did and learnt for some people of a roster (a
-- selection: bulk actions go through here too). NULL leaves a field as it
-- is; p_next_step '' clears the next step. Every change is an event and an
-- audit row. Consent follows the status at once: claw-back items of the
-- case are held or released in the same transaction.
CREATE FUNCTION payops.record_outreach(p_case bigint, p_accounts text[], p_status text, p_note text,
                                       p_assignee name, p_next_step text, p_next_step_at timestamptz)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    p payops.roster_people;
    a text;
    changed integer := 0;
BEGIN
    PERFORM payops.require_role('payops_support');
    IF p_status IS NOT NULL AND p_status NOT IN ('not_contacted', 'contacted', 'agreed', 'refused', 'disputed',
                                                 'proof_asked', 'proof_sent', 'resolved', 'unreachable') THEN
        RAISE EXCEPTION 'payops: a status is not contacted, contacted, agreed, refused, disputed, proof asked, proof sent, resolved or unreachable; not %',
            p_status USING ERRCODE = '22023';
    END IF;
    IF p_note IS NOT NULL THEN
        PERFORM payops.require_text('a note', p_note, 4000);
    END IF;
    IF p_next_step IS NOT NULL AND length(p_next_step) > 500 THEN
        RAISE EXCEPTION 'payops: a next step is at most 500 characters' USING ERRCODE = '22023';
    END IF;
    IF p_assignee IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_assignee) THEN
        RAISE EXCEPTION 'payops: there is no database user %', p_assignee USING ERRCODE = '22023';
    END IF;
    IF coalesce(cardinality(p_accounts), 0) = 0 THEN
        RAISE EXCEPTION 'payops: name the people (their accounts)' USING ERRCODE = '22023';
    END IF;
    FOREACH a IN ARRAY p_accounts LOOP
        SELECT * INTO p FROM payops.roster_people WHERE case_id = p_case AND account = a FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'payops: account % is not on the roster of case %', a, p_case USING ERRCODE = '22023';
        END IF;
        IF p_status IS NOT NULL AND p_status IS DISTINCT FROM p.status THEN
            INSERT INTO payops.roster_events (case_id, account, kind, status) VALUES (p_case, a, 'status', p_status);
        END IF;
        IF p_note IS NOT NULL THEN
            INSERT INTO payops.roster_events (case_id, account, kind, note) VALUES (p_case, a, 'note', p_note);
        END IF;
        IF p_assignee IS NOT NULL AND p_assignee IS DISTINCT FROM p.assignee THEN
            INSERT INTO payops.roster_events (case_id, account, kind, assignee) VALUES (p_case, a, 'assigned', p_assignee);
        END IF;
        IF p_next_step IS NOT NULL OR p_next_step_at IS NOT NULL THEN
            INSERT INTO payops.roster_events (case_id, account, kind, next_step, next_step_at)
            VALUES (p_case, a, 'next_step', nullif(p_next_step, ''), p_next_step_at);
        END IF;
        UPDATE payops.roster_people
        SET status = coalesce(p_status, status), assignee = coalesce(p_assignee, assignee),
            next_step = CASE WHEN p_next_step IS NULL THEN next_step ELSE nullif(p_next_step, '') END,
            next_step_at = CASE WHEN p_next_step = '' THEN NULL ELSE coalesce(p_next_step_at, next_step_at) END,
            updated_by = session_user, updated_at = now()
        WHERE case_id = p_case AND account = a;
        PERFORM payops.audit('outreach.record', NULL, p_case,
                             jsonb_build_object('account', a, 'status', p.status, 'assignee', p.assignee),
                             jsonb_build_object('account', a, 'status', coalesce(p_status, p.status),
                                                'assignee', coalesce(p_assignee, p.assignee),
                                                'note', p_note, 'next_step', p_next_step));
        changed := changed + 1;
    END LOOP;
    PERFORM payops.sync_consent_holds(p_case);
    RETURN changed;
END $$;

-- Finance gives up on a held claw-back item (the person refused, or the
-- money is gone): it ends failed with the reason, and what it would have
-- recovered may be written off. Audited.
CREATE FUNCTION payops.give_up_held_item(p_batch bigint, p_item integer, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    b payops.batches;
    r payops.item_runs;
    left_over integer;
BEGIN
    PERFORM payops.require_role('payops_approver');
    PERFORM payops.require_text('the reason', p_reason, 2000);
    SELECT * INTO b FROM payops.batches WHERE id = p_batch;
    SELECT * INTO r FROM payops.item_runs x WHERE x.batch_id = p_batch AND x.item_no = p_item FOR UPDATE;
    IF NOT FOUND OR r.state <> 'held' THEN
        RAISE EXCEPTION 'payops: item % of batch % is not held', p_item, p_batch USING ERRCODE = '55000';
    END IF;
    UPDATE payops.item_runs x
    SET state = 'failed', reason = 'not_recovered', detail = left(p_reason, 2000), applied_by = session_user,
        updated_at = now()
    WHERE x.batch_id = p_batch AND x.item_no = p_item;
    UPDATE payops.batch_runs SET remaining = remaining - 1 WHERE batch_id = p_batch RETURNING remaining INTO left_over;
    IF left_over = 0 THEN
        PERFORM payops.finish_batch(p_batch);
    END IF;
    PERFORM payops.audit('item.give_up', p_batch, b.case_id, jsonb_build_object('state', 'held'),
                         jsonb_build_object('item', p_item, 'state', 'failed', 'reason', p_reason));
END $$;

-- Records a cost of the incident in its case: an amount in minor units, its
-- currency and what it was. Operators and approvers (finance) record them.
CREATE FUNCTION payops.record_cost(p_case bigint, p_amount_minor bigint, p_currency text, p_what text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    c payops.cases;
BEGIN
    IF NOT (pg_has_role(session_user, 'payops_operator', 'MEMBER') OR
            pg_has_role(session_user, 'payops_approver', 'MEMBER')) THEN
        RAISE EXCEPTION 'payops: % is neither an operator nor an approver', session_user USING ERRCODE = '42501';
    END IF;
    PERFORM payops.require_text('what the cost was', p_what, 500);
    IF p_amount_minor IS NULL OR p_amount_minor <= 0 OR p_currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'payops: a cost is a positive amount in minor units with an ISO 4217 currency'
            USING ERRCODE = '22023';
    END IF;
    SELECT * INTO c FROM payops.cases WHERE id = p_case;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payops: there is no case %', p_case USING ERRCODE = '22023';
    END IF;
    RETURN payops.case_event(p_case, 'cost', jsonb_build_object('amount_minor', p_amount_minor::text,
                                                                'currency', p_currency, 'what', p_what));
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
GRANT SELECT ON payops.roster_people, payops.roster_events, payops.money_destinations,
    payops.destination_bindings TO payops_viewer;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.bind_destination(bigint, text, text) TO payops_operator;
GRANT EXECUTE ON FUNCTION payops.add_to_roster(bigint, jsonb) TO payops_operator, payops_support;
GRANT EXECUTE ON FUNCTION payops.record_outreach(bigint, text[], text, text, name, text, timestamptz) TO payops_support;
GRANT EXECUTE ON FUNCTION payops.give_up_held_item(bigint, integer, text) TO payops_approver;
GRANT EXECUTE ON FUNCTION payops.record_cost(bigint, bigint, text, text) TO payops_operator, payops_approver;
