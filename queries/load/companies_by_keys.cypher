// Purpose: Stored companies with one of the given keys (a name normalised), for resolution.
// Param: $keys LIST<STRING>  company keys
// Returns: key, name, aliases, credit_code, stock_code, core, region, full
UNWIND $keys AS k
MATCH (c:Company {key: k})
RETURN c.key AS key, c.name AS name, c.aliases AS aliases, c.credit_code AS credit_code,
       c.stock_code AS stock_code, c.name_core AS core, c.name_region AS region, c.full_name AS full
