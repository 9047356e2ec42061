-- One case's number and title, for the messages that name it.
SELECT id, title FROM payops.cases WHERE id = $1::bigint
