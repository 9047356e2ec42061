-- Hourly counts of one event stream: per currency (with amounts) and per
-- value of each dimension that may explain an anomaly, in one pass.
-- Placeholders are filled from the schema profile with quoted names.
SELECT date_trunc('hour', t.{time}) AS bucket,
       {currency} AS currency{dimension_columns},
       GROUPING({grouping_columns}) AS grouping_mask,
       count(*) AS events,
       coalesce(sum({amount}), 0) AS amount_minor
FROM {source}
WHERE {window}{filter}
GROUP BY GROUPING SETS ({grouping_sets})
