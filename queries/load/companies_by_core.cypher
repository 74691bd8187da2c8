// Purpose: Stored companies whose name core (the name without its place and legal form) is one of the given, for resolution.
// Param: $cores LIST<STRING>  name cores, e.g. 华友钴业
// Returns: key, name, aliases, credit_code, stock_code, core, region, full
UNWIND $cores AS k
MATCH (c:Company {name_core: k})
RETURN c.key AS key, c.name AS name, c.aliases AS aliases, c.credit_code AS credit_code,
       c.stock_code AS stock_code, c.name_core AS core, c.name_region AS region,
       c.full_name AS full
