-- Whether this payops schema has rosters (migration 005 or later).
SELECT to_regclass('payops.roster_people') IS NOT NULL
