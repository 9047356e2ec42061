-- payops schema, version 6: a case that ends. Open -> mitigating ->
-- monitoring -> resolved -> closed, each move with who and why in the
-- case's timeline and the audit chain; back to mitigating from any state
-- but closed (the incident came back). A case does not close while a batch
-- of it runs or has items whose outcome is unknown, or while people of its
-- roster wait (contacted or disputed) with no next step; an operator may
-- override that with a reason, which is recorded with the list of what
-- was still open.
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may act as payops_owner.

SET ROLE payops_owner;

ALTER TABLE payops.cases DROP CONSTRAINT cases_status_check,
    ADD CONSTRAINT cases_status_check
    CHECK (status IN ('open', 'mitigating', 'monitoring', 'resolved', 'closed'));
ALTER TABLE payops.case_events DROP CONSTRAINT case_events_kind_check,
    ADD CONSTRAINT case_events_kind_check
    CHECK (kind IN ('finding', 'note', 'batch', 'decision', 'cost', 'transition'));

-- What keeps a case from closing, one line each; none when it may close.
CREATE FUNCTION payops.case_close_blockers(p_case bigint) RETURNS SETOF text LANGUAGE sql STABLE AS $$
SELECT format('batch %s (%s) is %s', b.id, b.kind, b.state)
FROM payops.batches b
WHERE b.case_id = p_case AND b.state = 'executing'
UNION ALL
SELECT format('batch %s has %s items whose outcome is unknown', r.batch_id, count(*))
FROM payops.item_runs r JOIN payops.batches b ON b.id = r.batch_id
WHERE b.case_id = p_case AND r.state IN ('sending', 'unknown')
GROUP BY r.batch_id
UNION ALL
SELECT format('%s people of the roster are %s with no next step', count(*), replace(p.status, '_', ' '))
FROM payops.roster_people p
WHERE p.case_id = p_case AND p.status IN ('contacted', 'disputed') AND p.next_step IS NULL
GROUP BY p.status $$;

-- Moves a case to another state of its lifecycle, saying why. p_override
-- closes a case despite its blockers (the reason says why that is right).
CREATE FUNCTION payops.move_case(p_case bigint, p_to text, p_reason text, p_override boolean)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    c payops.cases;
    blockers text[];
BEGIN
    PERFORM payops.require_role('payops_operator');
    PERFORM payops.require_text('the reason', p_reason, 2000);
    SELECT * INTO c FROM payops.cases WHERE id = p_case FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payops: there is no case %', p_case USING ERRCODE = '22023';
    END IF;
    IF NOT (c.status || '>' || p_to) = ANY (ARRAY[
            'open>mitigating', 'open>monitoring', 'open>resolved',
            'mitigating>monitoring', 'mitigating>resolved',
            'monitoring>resolved', 'monitoring>mitigating',
            'resolved>closed', 'resolved>mitigating']) THEN
        RAISE EXCEPTION 'payops: case % is %; it may not go to % (open, mitigating, monitoring, resolved, closed; back to mitigating until closed)',
            p_case, c.status, coalesce(p_to, 'nothing') USING ERRCODE = '55000';
    END IF;
    IF p_to = 'closed' THEN
        blockers := ARRAY(SELECT payops.case_close_blockers(p_case));
        IF cardinality(blockers) > 0 AND NOT coalesce(p_override, false) THEN
            RAISE EXCEPTION 'payops: case % may not close yet: %', p_case, array_to_string(blockers, '; ')
                USING ERRCODE = '55000',
                      HINT = 'End those first, or close it anyway with a reason that says why (override).';
        END IF;
    END IF;
    UPDATE payops.cases SET status = p_to WHERE id = p_case;
    PERFORM payops.case_event(p_case, 'transition',
                              jsonb_build_object('from', c.status, 'to', p_to, 'reason', p_reason,
                                                 'overridden', CASE WHEN cardinality(blockers) > 0
                                                                    THEN to_jsonb(blockers) END));
    RETURN p_to;
END $$;

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

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.move_case(bigint, text, text, boolean) TO payops_operator;
