// Purpose: Which of the given company keys the graph holds already.
// Param: $keys LIST<STRING>  company keys
// Returns: key
UNWIND $keys AS k
MATCH (c:Company {key: k})
RETURN k AS key
