-- The audit chain's head when the dossier was made: a reader checks the
-- dossier against the database later by this row count and hash.
SELECT count(*) AS rows, coalesce(max(seq), 0) AS head_seq,
       coalesce((SELECT row_hash FROM payops.audit_log ORDER BY seq DESC LIMIT 1), '') AS head_hash
FROM payops.audit_log
