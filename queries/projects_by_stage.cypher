// Purpose: Projects in a region (sub-regions included) at a stage (empty = any), dated on or after a date (ISO text, empty = any), newest first.
// Param: $region STRING  region name, e.g. 衢州
// Param: $stage STRING   stage, e.g. 签约, 开工, 在建, 投产; '' for every stage
// Param: $since STRING   earliest date, e.g. 2024-01; '' for no limit
// Returns: project, stage, date, companies, located_in, capacity, investment_cny, products
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (j:Project)-[:LOCATED_IN]->(x)
WHERE ($stage = '' OR j.stage = $stage) AND ($since = '' OR coalesce(j.date, '') >= $since)
OPTIONAL MATCH (c:Company)-[:RUNS]->(j)
OPTIONAL MATCH (j)-[:MAKES]->(p:Product)
RETURN j.name AS project, j.stage AS stage, j.date AS date, collect(DISTINCT c.name) AS companies,
       x.name AS located_in, j.capacity AS capacity, j.investment_cny AS investment_cny,
       collect(DISTINCT p.name) AS products
ORDER BY date DESC, project
