-- Hourly counts of one event stream: per currency (with amounts) and per
-- value of each dimension that may explain an anomaly. The table is read
-- once into a small hashed aggregate (hour x currency x dimension values;
-- dimensions are low-cardinality columns), and the grouping sets are
-- taken over that, not over the rows. Placeholders are filled from the
-- schema profile with quoted names. A row without a time is no event (a
-- soft delete's column on the rows never deleted).
WITH events AS (
    SELECT date_trunc('hour', t.{time}) AS bucket,
           {currency} AS currency{dimension_columns},
           count(*) AS events,
           coalesce(sum({amount}), 0) AS amount_minor
    FROM {source}
    WHERE t.{time} IS NOT NULL AND {window}{filter}
    GROUP BY {inner_group}
)
SELECT bucket,
       currency{dimension_names},
       GROUPING(currency{dimension_names}) AS grouping_mask,
       sum(events) AS events,
       sum(amount_minor) AS amount_minor
FROM events
GROUP BY GROUPING SETS ({grouping_sets})
