// Purpose: The regions a name stands for (official name, key or short alias), with their province.
// Param: $region STRING  region name, e.g. 衢州 or 衢州市
// Returns: region, key, level, province
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
OPTIONAL MATCH (r)-[:PART_OF*0..3]->(p:Region {level: 'province'})
RETURN r.name AS region, r.key AS key, r.level AS level, collect(DISTINCT p.name) AS province
