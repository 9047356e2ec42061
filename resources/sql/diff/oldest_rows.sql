-- The oldest rows of a table by key, with their row hashes: the marker
-- rows a copy of this database shares and a copy of another one does not.
SELECT {key_text}, {row_hash}::text
FROM {table} AS t
ORDER BY {order}
LIMIT {limit}
