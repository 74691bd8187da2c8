// Purpose: Stored companies one of whose aliases (a short or former name) is one of the given names, for resolution.
// Param: $names LIST<STRING>  names as written
// Returns: key, name, aliases, credit_code, stock_code, core, region, full
MATCH (c:Company)
WHERE any(a IN coalesce(c.aliases, []) WHERE a IN $names)
RETURN c.key AS key, c.name AS name, c.aliases AS aliases, c.credit_code AS credit_code,
       c.stock_code AS stock_code, c.name_core AS core, c.name_region AS region, c.full_name AS full
