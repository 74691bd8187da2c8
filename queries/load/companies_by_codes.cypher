// Purpose: Stored companies with one of the given unified social credit codes or stock codes, for resolution.
// Param: $codes LIST<STRING>  credit codes
// Param: $stock_codes LIST<STRING>  six-digit stock codes
// Returns: key, name, aliases, credit_code, stock_code, core, region, full
MATCH (c:Company)
WHERE c.credit_code IN $codes OR c.stock_code IN $stock_codes
RETURN c.key AS key, c.name AS name, c.aliases AS aliases, c.credit_code AS credit_code,
       c.stock_code AS stock_code, c.name_core AS core, c.name_region AS region, c.full_name AS full
