// Purpose: Companies whose full name or one of whose short names (aliases) contains the text.
// Param: $text STRING  part of a company name, e.g. 华友
// Returns: key, name, aliases, province, city
MATCH (c:Company)
WHERE c.name CONTAINS $text OR any(a IN coalesce(c.aliases, []) WHERE a CONTAINS $text)
RETURN c.key AS key, c.name AS name, c.aliases AS aliases, c.province AS province, c.city AS city
ORDER BY size(c.name), name
LIMIT 50
