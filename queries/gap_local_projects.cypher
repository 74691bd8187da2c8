// Purpose: Local projects of each segment of a chain: located in the region or its sub-regions and making a product of the segment, with the companies running them.
// Param: $chain STRING     chain key, e.g. lithium-battery
// Param: $region STRING    region name, e.g. 衢州 (sub-regions included)
// Param: $pending BOOLEAN  count facts still waiting for review, e.g. true
// Returns: segment_key, project_key, project, place, capacity, investment_cny, stage, date, company_keys, companies
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (j:Project)-[l:LOCATED_IN]->(x)
WHERE coalesce(l.review, '') <> 'rejected' AND ($pending OR coalesce(l.review, '') <> 'pending')
WITH j, collect(DISTINCT x.name) AS places
MATCH (j)-[m:MAKES]->(p:Product)<-[:INCLUDES]-(s:Segment)<-[:HAS_SEGMENT]-(:Chain {key: $chain})
WHERE coalesce(m.review, '') <> 'rejected' AND ($pending OR coalesce(m.review, '') <> 'pending')
OPTIONAL MATCH (c:Company)-[u:RUNS]->(j)
WHERE coalesce(u.review, '') <> 'rejected' AND ($pending OR coalesce(u.review, '') <> 'pending')
RETURN s.key AS segment_key, j.key AS project_key, j.name AS project, places[0] AS place,
       j.capacity AS capacity, j.investment_cny AS investment_cny, j.stage AS stage, j.date AS date,
       collect(DISTINCT c.key) AS company_keys, collect(DISTINCT c.name) AS companies
ORDER BY segment_key, project
