-- The highest key the table holds now: new ledger rows are numbered after it.
SELECT coalesce(max(t.{key}), 0)::text FROM {table} AS t
