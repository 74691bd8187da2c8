// Purpose: The cities with the most companies located in them or in their districts (the region the app opens on when none is set).
// Param: $limit INTEGER  how many cities, e.g. 5
// Returns: name, companies
MATCH (r:Region {level: 'city'})
OPTIONAL MATCH (c:Company)-[:LOCATED_IN]->(r)
WITH r, count(DISTINCT c) AS direct
OPTIONAL MATCH (d:Company)-[:LOCATED_IN]->(:Region)-[:PART_OF]->(r)
WITH r, direct, count(DISTINCT d) AS below
WHERE direct + below > 0
RETURN r.name AS name, direct + below AS companies
ORDER BY companies DESC, name
LIMIT $limit
