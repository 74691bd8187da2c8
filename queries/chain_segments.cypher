// Purpose: The segments of a chain in template order, with the segments each one feeds (used by the gap analysis).
// Param: $chain STRING  chain key, e.g. lithium-battery
// Returns: chain, chain_name, segment_key, name, tier, position, feeds, products
MATCH (c:Chain {key: $chain})-[h:HAS_SEGMENT]->(s:Segment)
OPTIONAL MATCH (s)-[:FEEDS]->(t:Segment)
WITH c, h, s, collect(DISTINCT t.key) AS feeds
OPTIONAL MATCH (s)-[:INCLUDES]->(p:Product)
RETURN c.key AS chain, c.name AS chain_name, s.key AS segment_key, s.name AS name,
       s.tier AS tier, h.position AS position, feeds, collect(DISTINCT p.name) AS products
ORDER BY position
