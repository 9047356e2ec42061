-- A whole table's checksum: its row count and the XOR of its row hashes.
SELECT {checksum} FROM {table} AS t
