-- The catch-all accounts that records of deleted accounts are parked on.
SELECT {key}::text AS account FROM {accounts} WHERE {sentinel}
