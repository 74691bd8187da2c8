// Purpose: Companies outside a region that make products of the given segments of a chain (recommendation candidates).
// Param: $chain STRING           chain key, e.g. lithium-battery
// Param: $segments LIST<STRING>  segment graph keys, e.g. lithium-battery/precursor
// Param: $region STRING          region name, e.g. 衢州 (companies located in it or its sub-regions are left out)
// Returns: segment_key, company_key, company, province, city, listed, products, share
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(s:Segment)-[:INCLUDES]->(p:Product)<-[m:MAKES]-(c:Company)
WHERE s.key IN $segments
WITH s, c, collect(DISTINCT p.name) AS products, max(m.share) AS share
OPTIONAL MATCH (c)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..5]->(r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
WITH s, c, products, share, count(r) AS inside
WHERE inside = 0
RETURN s.key AS segment_key, c.key AS company_key, c.name AS company, c.province AS province,
       c.city AS city, c.listed AS listed, products, share
