SELECT * FROM (VALUES
{rows}) AS v ({columns})
