// Purpose: Supply ties between local companies along the chain: which local supplier of a segment serves which local customer of the segment it feeds.
// Param: $chain STRING   chain key, e.g. lithium-battery
// Param: $region STRING  region name, e.g. 衢州 (sub-regions included)
// Returns: supplier_segment, supplier_key, supplier, customer_segment, customer_key, customer
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (a:Company)-[:LOCATED_IN]->(x)
WITH DISTINCT a
MATCH (a)-[:SUPPLIES]->(b:Company)
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(s:Segment)-[:FEEDS]->(t:Segment)
MATCH (s)-[:INCLUDES]->(:Product)<-[:MAKES]-(a)
MATCH (t)-[:INCLUDES]->(:Product)<-[:MAKES]-(b)
RETURN DISTINCT s.key AS supplier_segment, a.key AS supplier_key, a.name AS supplier,
       t.key AS customer_segment, b.key AS customer_key, b.name AS customer
