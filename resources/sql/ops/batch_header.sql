-- What an approver reads about one batch before signing it ($1: its id).
SELECT case_id, kind, description, state, created_by, created_at,
       coalesce(submitted_by, '') AS submitted_by,
       coalesce(content_hash, '') AS content_hash,
       environment, database_name, system_identifier,
       (SELECT count(*) FROM payops.batch_items i WHERE i.batch_id = b.id) AS item_count
FROM payops.batches b WHERE id = $1::bigint
