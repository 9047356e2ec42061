-- The smallest and largest key. Scalar subqueries, so that min and max are
-- read off the key's index (a join or GROUP BY here scans the whole table).
SELECT (SELECT min(t.{key}) FROM {table} AS t),
       (SELECT max(t.{key}) FROM {table} AS t)
