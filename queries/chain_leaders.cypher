// Purpose: Companies of a chain by the number of its segments they make products of (chain-leader 链主 candidates).
// Param: $chain STRING  chain key, e.g. lithium-battery
// Returns: company_key, company, province, listed, segments, products
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(s:Segment)-[:INCLUDES]->(p:Product)<-[:MAKES]-(c:Company)
RETURN c.key AS company_key, c.name AS company, c.province AS province, c.listed AS listed,
       collect(DISTINCT s.key) AS segments, collect(DISTINCT p.name) AS products
ORDER BY size(segments) DESC, company
