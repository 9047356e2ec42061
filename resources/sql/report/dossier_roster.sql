-- How many people of a case's roster ($1) are in each outreach status.
SELECT status, count(*) AS people FROM payops.roster_people WHERE case_id = $1::bigint
GROUP BY status ORDER BY people DESC, status
