-- payops schema, version 9: the watch. `payops watch` scans the billing
-- tables in windows on a schedule and keeps here what it found, so that one
-- incident raises one alert: an alert is keyed by a fingerprint of its
-- finding (detector, kind, explaining value, the words of its title without
-- numbers), updated when a later run sees it grow (more rows, more money, a
-- longer window) and closed by the first run of its detector that no longer
-- sees it. Webhook deliveries wait in an outbox and are retried with backoff
-- by whichever watch process runs next, never by the scan itself.
-- The watch runs as payops_watcher: it reads the billing tables (granted by
-- `payops grant watcher USER`) and writes only this state, through the
-- functions below. Run by `payops migrate` in one transaction, as a
-- superuser or a database owner that may act as payops_owner.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'payops_watcher') THEN
        CREATE ROLE payops_watcher NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA payops TO payops_watcher;

SET ROLE payops_owner;

-- Where each detector's judged time ends: the next run starts there, less
-- the overlap for rows that arrive late.
CREATE TABLE payops.watch_windows (
    detector      text PRIMARY KEY CHECK (length(detector) BETWEEN 1 AND 100),
    scanned_until timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per watch run: what it judged and what it changed.
CREATE TABLE payops.watch_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_by       name NOT NULL DEFAULT session_user,
    finished_at  timestamptz NOT NULL DEFAULT now(),
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    judged       text[] NOT NULL,
    failures     text[] NOT NULL,
    next_run_at  timestamptz,
    opened       integer NOT NULL DEFAULT 0,
    grown        integer NOT NULL DEFAULT 0,
    closed       integer NOT NULL DEFAULT 0,
    CHECK (window_end > window_start)
);

CREATE TABLE payops.watch_alerts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint  text NOT NULL CHECK (length(fingerprint) BETWEEN 1 AND 200),
    detector     text NOT NULL,
    kind         text NOT NULL,
    dimension    text,
    severity     text NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
    explanation  text NOT NULL CHECK (length(explanation) <= 10000),
    row_count    bigint NOT NULL CHECK (row_count >= 0),
    user_count   bigint NOT NULL CHECK (user_count >= 0),
    totals       jsonb NOT NULL CHECK (jsonb_typeof(totals) = 'object'),
    window_start timestamptz,
    window_end   timestamptz,
    revision     integer NOT NULL DEFAULT 1,
    opened_at    timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    closed_at    timestamptz,
    opened_run   bigint NOT NULL REFERENCES payops.watch_runs (id),
    last_run     bigint NOT NULL REFERENCES payops.watch_runs (id)
);
-- One open alert per fingerprint: the same incident seen again is the same alert.
CREATE UNIQUE INDEX watch_alerts_one_open ON payops.watch_alerts (fingerprint) WHERE closed_at IS NULL;

-- Webhook deliveries: one per alert event, delivered once (a 2xx answer)
-- or retried at next_attempt_at.
CREATE TABLE payops.watch_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id        bigint NOT NULL REFERENCES payops.watch_alerts (id),
    event           text NOT NULL CHECK (event IN ('opened', 'grown', 'closed')),
    url             text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
    payload         jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    last_error      text
);
CREATE INDEX watch_outbox_due ON payops.watch_outbox (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TRIGGER watch_runs_are_never_deleted BEFORE DELETE ON payops.watch_runs
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('watch runs are kept');
CREATE TRIGGER watch_alerts_are_never_deleted BEFORE DELETE ON payops.watch_alerts
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('an alert is closed, never deleted');
CREATE TRIGGER watch_outbox_is_never_deleted BEFORE DELETE ON payops.watch_outbox
    FOR EACH ROW EXECUTE FUNCTION payops.refuse_change('a webhook delivery is kept once made');
CREATE TRIGGER watch_windows_is_not_truncated BEFORE TRUNCATE ON payops.watch_windows
    FOR EACH STATEMENT EXECUTE FUNCTION payops.refuse_change('payops tables are never truncated');
CREATE TRIGGER watch_runs_is_not_truncated BEFORE TRUNCATE ON payops.watch_runs
    FOR EACH STATEMENT EXECUTE FUNCTION payops.refuse_change('payops tables are never truncated');
CREATE TRIGGER watch_alerts_is_not_truncated BEFORE TRUNCATE ON payops.watch_alerts
    FOR EACH STATEMENT EXECUTE FUNCTION payops.refuse_change('payops tables are never truncated');
CREATE TRIGGER watch_outbox_is_not_truncated BEFORE TRUNCATE ON payops.watch_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION payops.refuse_change('payops tables are never truncated');

-- What a webhook receives about an alert (docs/WATCH.md has the schema).
CREATE FUNCTION payops.watch_payload(a payops.watch_alerts, p_event text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
SELECT jsonb_build_object(
    'format', 'payops-alert/1',
    'event', p_event,
    'database', current_database(),
    'environment', nullif(current_setting('payops.environment', true), ''),
    'text', format('[%s] %s %s: %s (%s)', upper(a.severity),
                   CASE p_event WHEN 'opened' THEN 'New alert' WHEN 'grown' THEN 'Alert grew'
                        ELSE 'Alert ended' END,
                   a.id, a.title, current_database()),
    'alert', jsonb_build_object(
        'id', a.id, 'fingerprint', a.fingerprint, 'revision', a.revision,
        'detector', a.detector, 'kind', a.kind, 'dimension', a.dimension,
        'severity', a.severity, 'title', a.title, 'explanation', a.explanation,
        'rows', a.row_count, 'users', a.user_count, 'totals', a.totals,
        'window', jsonb_build_object('start', a.window_start, 'end', a.window_end),
        'opened_at', a.opened_at, 'updated_at', a.updated_at, 'closed_at', a.closed_at)) $$;

CREATE FUNCTION payops.severity_rank(p_severity text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
SELECT array_position(ARRAY['info', 'low', 'medium', 'high', 'critical'], p_severity) $$;

-- Records one watch run: the detectors that judged the window, the
-- findings they reported (a JSON array, docs/WATCH.md), and the webhook to
-- tell (NULL: none). Opens an alert per new fingerprint, updates an open one
-- that grew, closes the open alerts of the judged detectors that were not
-- reported, moves each judged detector's window on, and queues a webhook
-- delivery per event. Returns the events' payloads, in order.
CREATE FUNCTION payops.record_watch_run(p_window_start timestamptz, p_window_end timestamptz,
                                        p_judged text[], p_failures text[], p_findings jsonb,
                                        p_webhook text, p_next_run timestamptz)
RETURNS SETOF jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
DECLARE
    run_id bigint;
    f record;
    a payops.watch_alerts;
    events jsonb[] := ARRAY[]::jsonb[];
    kinds text[] := ARRAY[]::text[];
    ids bigint[] := ARRAY[]::bigint[];
    seen text[] := ARRAY[]::text[];
    grew boolean;
    i integer;
BEGIN
    PERFORM payops.require_role('payops_watcher');
    IF p_window_start IS NULL OR p_window_end IS NULL OR p_window_end <= p_window_start THEN
        RAISE EXCEPTION 'payops: a watch window ends after it starts' USING ERRCODE = '22023';
    END IF;
    IF p_judged IS NULL OR p_failures IS NULL OR jsonb_typeof(p_findings) IS DISTINCT FROM 'array'
       OR cardinality(p_judged) > 100 OR jsonb_array_length(p_findings) > 10000 THEN
        RAISE EXCEPTION 'payops: a watch run names its judged detectors, its failures and an array of findings'
            USING ERRCODE = '22023';
    END IF;
    IF p_webhook IS NOT NULL AND (p_webhook !~ '^https?://' OR length(p_webhook) > 2000) THEN
        RAISE EXCEPTION 'payops: a webhook is an http:// or https:// URL' USING ERRCODE = '22023';
    END IF;
    INSERT INTO payops.watch_runs (window_start, window_end, judged, failures, next_run_at)
    VALUES (p_window_start, p_window_end, p_judged, p_failures, p_next_run) RETURNING id INTO run_id;

    FOR f IN SELECT * FROM jsonb_to_recordset(p_findings) AS x(
                 fingerprint text, detector text, kind text, dimension text, severity text,
                 title text, explanation text, "rows" bigint, users bigint, totals jsonb,
                 window_start timestamptz, window_end timestamptz) LOOP
        IF f.detector IS NULL OR NOT f.detector = ANY (p_judged) THEN
            RAISE EXCEPTION 'payops: a finding of detector % that did not judge this window', f.detector
                USING ERRCODE = '22023';
        END IF;
        IF f.fingerprint = ANY (seen) THEN
            CONTINUE; -- two findings of one run with one fingerprint: the first (most severe) counts
        END IF;
        seen := seen || f.fingerprint;
        SELECT * INTO a FROM payops.watch_alerts w WHERE w.fingerprint = f.fingerprint AND w.closed_at IS NULL
        FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO payops.watch_alerts (fingerprint, detector, kind, dimension, severity, title, explanation,
                                             row_count, user_count, totals, window_start, window_end,
                                             opened_run, last_run)
            VALUES (f.fingerprint, f.detector, coalesce(f.kind, ''), f.dimension, f.severity, f.title,
                    coalesce(f.explanation, ''), coalesce(f."rows", 0), coalesce(f.users, 0),
                    coalesce(f.totals, '{}'), f.window_start, f.window_end, run_id, run_id)
            RETURNING * INTO a;
            kinds := kinds || 'opened'::text;
            ids := ids || a.id;
            CONTINUE;
        END IF;
        -- Each run sees the part of the incident in its window: the alert
        -- keeps the largest figures any run saw and the union of the windows.
        grew := coalesce(f."rows", 0) > a.row_count OR coalesce(f.users, 0) > a.user_count
                OR f.window_end > a.window_end OR f.window_start < a.window_start
                OR payops.severity_rank(f.severity) > payops.severity_rank(a.severity)
                OR EXISTS (SELECT 1 FROM jsonb_each_text(coalesce(f.totals, '{}')) t
                           WHERE abs(t.value::bigint) > abs(coalesce((a.totals ->> t.key)::bigint, 0)));
        IF grew THEN
            UPDATE payops.watch_alerts w
            SET row_count = greatest(w.row_count, coalesce(f."rows", 0)),
                user_count = greatest(w.user_count, coalesce(f.users, 0)),
                totals = (SELECT coalesce(jsonb_object_agg(k, v), '{}') FROM (
                              SELECT t.key AS k, CASE WHEN max(abs(t.value::bigint)) = max(t.value::bigint)
                                                      THEN max(t.value::bigint) ELSE min(t.value::bigint) END AS v
                              FROM (SELECT * FROM jsonb_each_text(w.totals)
                                    UNION ALL SELECT * FROM jsonb_each_text(coalesce(f.totals, '{}'))) t
                              GROUP BY t.key) m),
                window_start = least(w.window_start, f.window_start),
                window_end = greatest(w.window_end, f.window_end),
                severity = CASE WHEN payops.severity_rank(f.severity) > payops.severity_rank(w.severity)
                                THEN f.severity ELSE w.severity END,
                title = f.title, explanation = coalesce(f.explanation, w.explanation),
                revision = w.revision + 1, updated_at = now(), last_run = run_id
            WHERE w.id = a.id;
            kinds := kinds || 'grown'::text;
            ids := ids || a.id;
        ELSE
            UPDATE payops.watch_alerts w SET last_run = run_id WHERE w.id = a.id;
        END IF;
    END LOOP;

    -- An open alert its detector judged again and no longer reported has ended.
    FOR a IN UPDATE payops.watch_alerts w SET closed_at = now(), updated_at = now(), revision = w.revision + 1,
                                              last_run = run_id
             WHERE w.closed_at IS NULL AND w.detector = ANY (p_judged) AND NOT w.fingerprint = ANY (seen)
             RETURNING * LOOP
        kinds := kinds || 'closed'::text;
        ids := ids || a.id;
    END LOOP;

    INSERT INTO payops.watch_windows (detector, scanned_until)
    SELECT d, p_window_end FROM unnest(p_judged) d
    ON CONFLICT (detector) DO UPDATE
        SET scanned_until = greatest(watch_windows.scanned_until, excluded.scanned_until), updated_at = now();

    FOR i IN 1 .. coalesce(cardinality(ids), 0) LOOP
        SELECT * INTO a FROM payops.watch_alerts w WHERE w.id = ids[i];
        events := events || payops.watch_payload(a, kinds[i]);
        IF p_webhook IS NOT NULL THEN
            INSERT INTO payops.watch_outbox (alert_id, event, url, payload)
            VALUES (a.id, kinds[i], p_webhook, events[i]);
        END IF;
    END LOOP;
    UPDATE payops.watch_runs r
    SET opened = (SELECT count(*) FROM unnest(kinds) k WHERE k = 'opened'),
        grown = (SELECT count(*) FROM unnest(kinds) k WHERE k = 'grown'),
        closed = (SELECT count(*) FROM unnest(kinds) k WHERE k = 'closed')
    WHERE r.id = run_id;
    RETURN QUERY SELECT e FROM unnest(events) e;
END $$;

-- The webhook deliveries due now, oldest first, claimed for this caller
-- for a minute (a second watch process skips them meanwhile).
CREATE FUNCTION payops.claim_watch_deliveries(p_limit integer)
RETURNS TABLE (id bigint, url text, payload jsonb, attempts integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
BEGIN
    PERFORM payops.require_role('payops_watcher');
    RETURN QUERY
    UPDATE payops.watch_outbox o SET next_attempt_at = now() + interval '1 minute'
    WHERE o.id IN (SELECT d.id FROM payops.watch_outbox d
                   WHERE d.delivered_at IS NULL AND d.next_attempt_at <= now()
                   ORDER BY d.id LIMIT least(greatest(p_limit, 1), 100) FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.url, o.payload, o.attempts;
END $$;

-- The outcome of one delivery: an HTTP status (0 when there was no
-- answer). A 2xx delivers it; anything else retries it after 5 s, 10 s,
-- 20 s, ... at most 15 minutes apart.
CREATE FUNCTION payops.finish_watch_delivery(p_id bigint, p_status integer, p_error text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, payops, pg_temp AS $$
BEGIN
    PERFORM payops.require_role('payops_watcher');
    UPDATE payops.watch_outbox o
    SET attempts = o.attempts + 1,
        delivered_at = CASE WHEN p_status BETWEEN 200 AND 299 THEN now() END,
        next_attempt_at = CASE WHEN p_status BETWEEN 200 AND 299 THEN o.next_attempt_at
                               ELSE now() + least(interval '5 seconds' * power(2, least(o.attempts, 20)),
                                                  interval '15 minutes') END,
        last_error = CASE WHEN p_status BETWEEN 200 AND 299 THEN NULL ELSE left(p_error, 500) END
    WHERE o.id = p_id AND o.delivered_at IS NULL;
END $$;

SELECT payops.pin_function_settings(); -- version 7

RESET ROLE;

REVOKE ALL ON payops.watch_windows, payops.watch_runs, payops.watch_alerts, payops.watch_outbox FROM PUBLIC;
GRANT SELECT ON payops.watch_windows, payops.watch_runs, payops.watch_alerts, payops.watch_outbox
    TO payops_viewer, payops_watcher;
-- The watch checks the schema's version before it scans.
GRANT SELECT ON payops.schema_version TO payops_watcher;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA payops FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payops.record_watch_run(timestamptz, timestamptz, text[], text[], jsonb, text, timestamptz),
    payops.claim_watch_deliveries(integer), payops.finish_watch_delivery(bigint, integer, text)
    TO payops_watcher;
