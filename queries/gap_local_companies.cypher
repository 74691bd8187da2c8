// Purpose: Local companies of each segment of a chain: located in the region or its sub-regions and making a product of the segment.
// Param: $chain STRING   chain key, e.g. lithium-battery
// Param: $region STRING  region name, e.g. 衢州 (sub-regions included)
// Returns: segment_key, company_key, company, products
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (c:Company)-[:LOCATED_IN]->(x)
WITH DISTINCT c
MATCH (c)-[:MAKES]->(p:Product)<-[:INCLUDES]-(s:Segment)<-[:HAS_SEGMENT]-(:Chain {key: $chain})
RETURN s.key AS segment_key, c.key AS company_key, c.name AS company,
       collect(DISTINCT p.name) AS products
ORDER BY segment_key, company
