// Purpose: Stored companies that hold one of the given credit codes under another key (a renamed company, or a name written differently).
// Param: $rows LIST<MAP>  {key, code}: incoming key and its credit code
// Returns: incoming, key, name
UNWIND $rows AS r
MATCH (c:Company {credit_code: r.code})
WHERE c.key <> r.key
RETURN r.key AS incoming, c.key AS key, c.name AS name
