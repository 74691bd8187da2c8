// Purpose: How many relationships the graph holds in all (a separate query: inside a UNION, FalkorDB counts them by scanning).
// Returns: count
MATCH ()-[r]->()
RETURN count(r) AS count
