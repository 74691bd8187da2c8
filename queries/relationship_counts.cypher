// Purpose: How many relationships the graph holds, by type.
// Returns: type, count
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
