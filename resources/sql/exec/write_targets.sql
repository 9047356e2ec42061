-- The tables corrective batches may write.
SELECT target_table::text AS table_name FROM payops.write_targets ORDER BY 1
