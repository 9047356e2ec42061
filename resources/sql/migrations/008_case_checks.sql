-- payops schema, version 8: a case's re-check list. After a repair every
-- account it touched is looked at again by a person ("is this account's
-- billing state correct now?"): the refund of wrong charges, for one, must
-- leave no charge, invoice or dunning behind. An operator puts the
-- accounts on the list (the money plan does it for its accounts) and ticks
-- each off as correct, or as wrong with what is wrong (a selection at a
-- time, all or none); every tick is in
-- the case's timeline and the audit chain, a later tick (fixed since)
-- replaces the account's outcome, never its history. A case does not
-- close while accounts wait for their check or were found wrong.
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may act as payops_owner.

SET ROLE payops_owner;

ALTER TABLE payops.case_events DROP CONSTRAINT case_events_kind_check,
    ADD CONSTRAINT case_events_kind_check
    CHECK (kind IN ('finding', 'note', 'batch', 'decision', 'cost', 'transition', 'check'));

CREATE TABLE payops.case_checks (
    case_id    bigint NOT NULL REFERENCES payops.cases (id),
    account    text NOT NULL CHECK (length(account) BETWEEN 1 AND 200),
    question   text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
    added_by   name NOT NULL DEFAULT session_user,
    added_at   timestamptz NOT NULL DEFAULT now(),
    outcome    text CHECK (outcome IN ('correct', 'wrong')),
    note       text,
    checked_by name,
    checked_at timestamptz,
    PRIMARY KEY (case_id, account),
    CHECK ((outcome IS NULL) = (checked_by IS NULL)),
    CHECK (outcome IS DISTINCT FROM 'wrong' OR note IS NOT NULL)
);
CREATE TRIGGER case_checks_are_never_deleted BEFORE DELETE ON payops.case_checks
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('a re-check is ticked off, never deleted');
CREATE TRIGGER case_checks_is_not_truncated BEFORE TRUNCATE ON payops.case_checks
    FOR EACH STATEMENT EXECUTE FUNCTION payops.refuse_change('payops tables are never truncated');

-- Puts accounts on a case's re-check list; accounts on it already stay as
-- they are. Returns how many were added.
CREATE FUNCTION payops.add_case_checks(p_case bigint, p_accounts text[], p_question text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    added integer;
BEGIN
    PERFORM payops.require_role('payops_operator');
    PERFORM payops.require_text('the question', p_question, 500);
    IF NOT EXISTS (SELECT 1 FROM payops.cases WHERE id = p_case AND status <> 'closed') THEN
        RAISE EXCEPTION 'payops: there is no open case %', p_case USING ERRCODE = '22023';
    END IF;
    IF cardinality(p_accounts) IS NULL OR cardinality(p_accounts) > 1000000
       OR EXISTS (SELECT 1 FROM unnest(p_accounts) a WHERE a IS NULL OR length(a) NOT BETWEEN 1 AND 200) THEN
        RAISE EXCEPTION 'payops: a re-check list is 1 to 1,000,000 account keys of 1 to 200 characters'
            USING ERRCODE = '22023';
    END IF;
    INSERT INTO payops.case_checks (case_id, account, question)
    SELECT DISTINCT p_case, a, p_question FROM unnest(p_accounts) a
    ON CONFLICT (case_id, account) DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    IF added > 0 THEN
        PERFORM payops.case_event(p_case, 'check', jsonb_build_object('added', added, 'question', p_question));
    END IF;
    RETURN added;
END $$;

-- Ticks accounts of a case's list off, all or none: correct, or wrong
-- with what is wrong. One event in the timeline says which accounts, what
-- they were before and what they are now. Returns the accounts of the list
-- still waiting.
CREATE FUNCTION payops.tick_case_checks(p_case bigint, p_accounts text[], p_outcome text, p_note text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    case_status text;
    missing text;
    before jsonb;
    waiting integer;
BEGIN
    PERFORM payops.require_role('payops_operator');
    IF p_outcome IS NULL OR p_outcome NOT IN ('correct', 'wrong') THEN
        RAISE EXCEPTION 'payops: an account is checked correct or wrong' USING ERRCODE = '22023';
    END IF;
    IF p_outcome = 'wrong' THEN
        PERFORM payops.require_text('what is wrong', p_note, 2000);
    ELSIF p_note IS NOT NULL THEN
        PERFORM payops.require_text('the note', p_note, 2000);
    END IF;
    IF cardinality(p_accounts) IS NULL OR cardinality(p_accounts) > 1000000 THEN
        RAISE EXCEPTION 'payops: tick 1 to 1,000,000 accounts at a time' USING ERRCODE = '22023';
    END IF;
    -- Locked, so that the case does not close while its list is ticked.
    SELECT status INTO case_status FROM payops.cases WHERE id = p_case FOR UPDATE;
    IF NOT FOUND OR case_status = 'closed' THEN
        RAISE EXCEPTION 'payops: there is no open case %', p_case USING ERRCODE = '55000';
    END IF;
    SELECT string_agg(a, ', ') INTO missing
    FROM (SELECT DISTINCT a FROM unnest(p_accounts) a
          WHERE NOT EXISTS (SELECT 1 FROM payops.case_checks c WHERE c.case_id = p_case AND c.account = a)
          ORDER BY a LIMIT 5) x;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'payops: account % is not on the re-check list of case %', missing, p_case
            USING ERRCODE = '22023';
    END IF;
    SELECT jsonb_object_agg(c.account, c.outcome) INTO before
    FROM payops.case_checks c WHERE c.case_id = p_case AND c.account = ANY (p_accounts);
    UPDATE payops.case_checks c
    SET outcome = p_outcome, note = p_note, checked_by = session_user, checked_at = now()
    WHERE c.case_id = p_case AND c.account = ANY (p_accounts);
    PERFORM payops.case_event(p_case, 'check',
                              jsonb_build_object('accounts', before, 'outcome', p_outcome, 'note', p_note));
    SELECT count(*) INTO waiting FROM payops.case_checks c WHERE c.case_id = p_case AND c.outcome IS NULL;
    RETURN waiting;
END $$;

-- Version 6's blockers, and the re-check list's.
CREATE OR REPLACE FUNCTION payops.case_close_blockers(p_case bigint) RETURNS SETOF text LANGUAGE sql STABLE AS $$
SELECT format('batch %s (%s) is %s', b.id, b.kind, b.state)
FROM payops.batches b
WHERE b.case_id = p_case AND b.state = 'executing'
UNION ALL
SELECT format('batch %s has %s items whose outcome is unknown', r.batch_id, count(*))
FROM payops.item_runs r JOIN payops.batches b ON b.id = r.batch_id
WHERE b.case_id = p_case AND r.state IN ('sending', 'unknown')
GROUP BY r.batch_id
UNION ALL
SELECT format('%s %s of the roster %s %s with no next step', count(*),
              CASE WHEN count(*) = 1 THEN 'person' ELSE 'people' END,
              CASE WHEN count(*) = 1 THEN 'is' ELSE 'are' END, replace(p.status, '_', ' '))
FROM payops.roster_people p
WHERE p.case_id = p_case AND p.status IN ('contacted', 'disputed') AND p.next_step IS NULL
GROUP BY p.status
UNION ALL
SELECT format('%s %s of the re-check list %s', count(*),
              CASE WHEN count(*) = 1 THEN 'account' ELSE 'accounts' END,
              CASE WHEN c.outcome IS NULL THEN CASE WHEN count(*) = 1 THEN 'is' ELSE 'are' END || ' not checked yet'
                   ELSE CASE WHEN count(*) = 1 THEN 'was' ELSE 'were' END || ' found wrong' END)
FROM payops.case_checks c
WHERE c.case_id = p_case AND c.outcome IS DISTINCT FROM 'correct'
GROUP BY c.outcome $$;

SELECT payops.pin_function_settings(); -- version 7

RESET ROLE;

REVOKE ALL ON payops.case_checks FROM PUBLIC;
GRANT SELECT ON payops.case_checks TO payops_viewer;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.add_case_checks(bigint, text[], text), payops.tick_case_checks(bigint, text[], text, text)
    TO payops_operator;
