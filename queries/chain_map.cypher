// Purpose: A chain's map: every FEEDS edge between its segments, upstream to downstream, with the tiers.
// Param: $chain STRING  chain key, e.g. lithium-battery
// Returns: supplier, supplier_name, supplier_tier, customer, customer_name, customer_tier
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(a:Segment)-[:FEEDS]->(b:Segment)
RETURN a.key AS supplier, a.name AS supplier_name, a.tier AS supplier_tier,
       b.key AS customer, b.name AS customer_name, b.tier AS customer_tier
ORDER BY supplier, customer
