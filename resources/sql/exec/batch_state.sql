-- What the executor needs to know of a batch before it begins or resumes it.
SELECT state, environment, coalesce(content_hash, '') AS content_hash
FROM payops.batches WHERE id = $1::bigint
