-- An incident's headline: the rows of the finding that heads it that
-- another finding of the incident corroborates (names the row's user,
-- within its own window): the set the evidence agrees on.
SELECT h.*
FROM (
{rows}
) AS h
WHERE {corroborated}
