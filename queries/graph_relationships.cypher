// Purpose: Every relationship of the graph (for a GraphML export of the whole graph).
// Returns: r
MATCH ()-[r]->()
RETURN r
