-- The alerts open at high or above, with their revisions: what the
-- console's desktop notification compares from one look to the next.
SELECT a.id, a.revision, a.severity, a.title
FROM payops.watch_alerts a
WHERE a.closed_at IS NULL AND a.severity IN ('high', 'critical')
ORDER BY a.id
