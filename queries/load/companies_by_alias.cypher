// Purpose: Stored companies one of whose aliases is the given name (a short or former name).
// Param: $rows LIST<MAP>  {key, name}: incoming key and name
// Returns: incoming, key, name
UNWIND $rows AS r
MATCH (c:Company)
WHERE r.name IN c.aliases AND c.key <> r.key
RETURN r.key AS incoming, c.key AS key, c.name AS name
