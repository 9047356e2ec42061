-- The first accounts whose key is $1 or whose e-mail or name holds it,
-- exact key first.
SELECT a.{key}::text, a.{key}::text = $1 AS exact
FROM {accounts} AS a
WHERE {match}
ORDER BY 2 DESC, 1
LIMIT {limit}
