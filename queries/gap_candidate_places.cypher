// Purpose: The provinces and cities companies are located in, through their regions.
// Param: $companies LIST<STRING>  company keys
// Returns: company_key, province, city
MATCH (c:Company)-[:LOCATED_IN]->(x:Region)
WHERE c.key IN $companies
OPTIONAL MATCH (x)-[:PART_OF*0..3]->(p:Region {level: 'province'})
OPTIONAL MATCH (x)-[:PART_OF*0..2]->(t:Region {level: 'city'})
RETURN c.key AS company_key, collect(DISTINCT p.name) AS province, collect(DISTINCT t.name) AS city
