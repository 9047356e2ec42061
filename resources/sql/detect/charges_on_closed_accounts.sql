-- Charges (or other rows of the subject table) made on an account after it was
-- closed or deleted: nobody should be charged once they have left.
SELECT c.{subject_key} AS row_key,
       c.{subject_user} AS user_id,
       {subject_amount} AS amount_minor,
       {subject_currency} AS currency,
       c.{subject_time} AS at,
       {account_state} AS account_state,
       {account_closed_at} AS account_closed_at
FROM {subject} AS c
JOIN {accounts} AS a ON a.{account_key} = c.{subject_user}
WHERE c.{subject_time} >= {since} AND c.{subject_time} < {until}
  AND {account_closed}
  AND c.{subject_time} > {account_closed_at}
  AND NOT {is_sentinel}{subject_succeeded}
