// Purpose: Local projects of each segment of a chain: located in the region or its sub-regions and making a product of the segment.
// Param: $chain STRING   chain key, e.g. lithium-battery
// Param: $region STRING  region name, e.g. 衢州 (sub-regions included)
// Returns: segment_key, project_key, project, capacity, investment_cny, stage, date, company_keys, companies
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (j:Project)-[:LOCATED_IN]->(x)
WITH DISTINCT j
MATCH (j)-[:MAKES]->(p:Product)<-[:INCLUDES]-(s:Segment)<-[:HAS_SEGMENT]-(:Chain {key: $chain})
OPTIONAL MATCH (c:Company)-[:RUNS]->(j)
RETURN s.key AS segment_key, j.key AS project_key, j.name AS project, j.capacity AS capacity,
       j.investment_cny AS investment_cny, j.stage AS stage, j.date AS date,
       collect(DISTINCT c.key) AS company_keys, collect(DISTINCT c.name) AS companies
ORDER BY segment_key, project
