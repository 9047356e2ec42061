-- What payops watch last did on this database, for the console's Watch
-- window and overview: the last run (none: one row of NULLs), who ran it,
-- when the next is due, and the alerts open now.
SELECT to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS last_run,
       to_char(r.next_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS next_run,
       r.run_by::text AS run_by,
       (SELECT count(*) FROM payops.watch_alerts a WHERE a.closed_at IS NULL) AS open_alerts,
       (SELECT count(*) FROM payops.watch_alerts a
        WHERE a.closed_at IS NULL AND a.severity IN ('high', 'critical')) AS open_high
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT * FROM payops.watch_runs ORDER BY id DESC LIMIT 1) r ON true
