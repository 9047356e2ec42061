-- The newest time in a column, as ISO 8601 in UTC with milliseconds.
SELECT to_char(max(t.{column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
FROM {table} AS t
