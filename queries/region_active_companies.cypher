// Purpose: The companies active in a region: seated in it or its sub-regions, running a project located there, or the parent (up to two levels) of such a company.
// Param: $region STRING  region name, e.g. 衢州 (sub-regions included)
// Returns: company_key, company, how
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (c:Company)-[l:LOCATED_IN]->(x)
WHERE coalesce(l.review, '') <> 'rejected'
OPTIONAL MATCH (c)-[:SUBSIDIARY_OF*1..2]->(parent:Company)
WITH c, collect(DISTINCT parent) AS parents
UNWIND [[c, 'seat']] + [p IN parents | [p, 'parent']] AS found
WITH found[0] AS company, found[1] AS how
RETURN DISTINCT company.key AS company_key, company.name AS company, how
UNION
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (c:Company)-[u:RUNS]->(:Project)-[l:LOCATED_IN]->(x)
WHERE coalesce(u.review, '') <> 'rejected' AND coalesce(l.review, '') <> 'rejected'
OPTIONAL MATCH (c)-[:SUBSIDIARY_OF*1..2]->(parent:Company)
WITH c, collect(DISTINCT parent) AS parents
UNWIND [[c, 'project']] + [p IN parents | [p, 'parent']] AS found
WITH found[0] AS company, found[1] AS how
RETURN DISTINCT company.key AS company_key, company.name AS company, how
