-- The keys of every account whose key is $1 or whose e-mail or name holds
-- it (keys only: cheap), at most 100,000.
SELECT a.{key}::text FROM {accounts} AS a WHERE {match} ORDER BY 1 LIMIT 100000
