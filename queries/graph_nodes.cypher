// Purpose: Every node of the graph (for a GraphML export of the whole graph).
// Returns: n
MATCH (n)
RETURN n
