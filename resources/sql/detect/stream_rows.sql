-- The rows of one event stream in a time window (and, when one value of a
-- dimension explains the anomaly, of that value only). The owner join, when
-- there is one, reaches the user through the row's charge.
SELECT t.{key} AS row_key,
       {user} AS user_id,
       {amount} AS amount_minor,
       {currency} AS currency,
       t.{time} AS at{dimension_columns}
FROM {table} AS t{owner_join}
WHERE t.{time} >= {window_start} AND t.{time} < {window_end}{filter}
