// Purpose: How many nodes the graph holds, by label.
// Returns: label, count
MATCH (n)
RETURN labels(n)[0] AS label, count(*) AS count
ORDER BY label
