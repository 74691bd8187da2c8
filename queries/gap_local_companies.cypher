// Purpose: Local companies of each segment of a chain by their seat: located in the region or its sub-regions and making a product of the segment.
// Param: $chain STRING     chain key, e.g. lithium-battery
// Param: $region STRING    region name, e.g. 衢州 (sub-regions included)
// Param: $pending BOOLEAN  count facts still waiting for review, e.g. true
// Returns: segment_key, company_key, company, products, seat
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (c:Company)-[l:LOCATED_IN]->(x)
WHERE coalesce(l.review, '') <> 'rejected' AND ($pending OR coalesce(l.review, '') <> 'pending')
WITH c, collect(DISTINCT x.name) AS seats
MATCH (c)-[m:MAKES]->(p:Product)<-[:INCLUDES]-(s:Segment)<-[:HAS_SEGMENT]-(:Chain {key: $chain})
WHERE coalesce(m.review, '') <> 'rejected' AND ($pending OR coalesce(m.review, '') <> 'pending')
RETURN s.key AS segment_key, c.key AS company_key, c.name AS company,
       collect(DISTINCT p.name) AS products, seats[0] AS seat
ORDER BY segment_key, company
