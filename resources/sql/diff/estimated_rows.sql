-- The planner's row estimate of a table, at least 1 (never analysed: 1).
SELECT greatest(reltuples, 1)::bigint FROM pg_class WHERE oid = {table_literal}::regclass
