// Purpose: Every region in the graph with its level and the region it is part of.
// Returns: name, level, parent
MATCH (r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN r.name AS name, r.level AS level, collect(p.name) AS parent
ORDER BY name
