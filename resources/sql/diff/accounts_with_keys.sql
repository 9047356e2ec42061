-- Which of the account keys $1 (a text[]) exist here.
SELECT a.{key}::text FROM {accounts} AS a WHERE a.{key}::text = ANY ($1::text[])
