-- Every seal put on the audit chain, with the hash its row has now (NULL
-- when the row is gone).
SELECT s.seq, s.row_hash, s.mac, s.sealed_by, a.row_hash AS now_hash
FROM payops.audit_seals s LEFT JOIN payops.audit_log a ON a.seq = s.seq
ORDER BY s.seq, s.sealed_by
