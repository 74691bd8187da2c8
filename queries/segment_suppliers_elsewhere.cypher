// Purpose: Where else a segment of a chain is made: companies by province, for scouting outside a region.
// Param: $chain STRING    chain key, e.g. lithium-battery
// Param: $segment STRING  segment key inside the chain, e.g. precursor
// Returns: province, companies, count
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(s:Segment)
WHERE s.key = $segment OR s.key = $chain + '/' + $segment
MATCH (s)-[:INCLUDES]->(:Product)<-[:MAKES]-(c:Company)
WITH DISTINCT c
RETURN coalesce(c.province, '未知') AS province, collect(c.name) AS companies, count(c) AS count
ORDER BY count DESC, province
