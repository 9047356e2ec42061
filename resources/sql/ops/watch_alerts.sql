-- A database's alert history, newest first: the Watch window's list.
SELECT a.id AS alert, a.severity,
       CASE WHEN a.closed_at IS NULL THEN 'open' ELSE 'ended' END AS state,
       a.title, a.row_count AS rows, a.revision,
       to_char(a.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS opened,
       to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS updated,
       to_char(a.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS ended,
       a.detector
FROM payops.watch_alerts a
ORDER BY a.id DESC
