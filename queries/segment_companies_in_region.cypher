// Purpose: Companies of one segment of a chain located in a region or its sub-regions, with what they make there.
// Param: $chain STRING    chain key, e.g. lithium-battery
// Param: $segment STRING  segment key, inside the chain (cathode) or in the graph (lithium-battery/cathode)
// Param: $region STRING   region name, e.g. 衢州 (sub-regions included)
// Returns: company, located_in, products
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(s:Segment)
WHERE s.key = $segment OR s.key = $chain + '/' + $segment
MATCH (s)-[:INCLUDES]->(p:Product)<-[:MAKES]-(c:Company)-[:LOCATED_IN]->(x)
RETURN c.name AS company, x.name AS located_in, collect(DISTINCT p.name) AS products
ORDER BY company
