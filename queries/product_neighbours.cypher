// Purpose: A product's upstream and downstream: the products of the segments feeding its segment and of the segments its segment feeds, per chain.
// Param: $product STRING  product name or alias, e.g. 三元正极材料
// Returns: chain, segment, direction, neighbour_segment, products
MATCH (p:Product)
WHERE p.name = $product OR p.key = $product OR $product IN coalesce(p.aliases, [])
MATCH (c:Chain)-[:HAS_SEGMENT]->(s:Segment)-[:INCLUDES]->(p)
MATCH (n:Segment)-[:FEEDS]->(s)
MATCH (n)-[:INCLUDES]->(q:Product)
RETURN c.name AS chain, s.name AS segment, 'upstream' AS direction, n.name AS neighbour_segment,
       collect(DISTINCT q.name) AS products
UNION
MATCH (p:Product)
WHERE p.name = $product OR p.key = $product OR $product IN coalesce(p.aliases, [])
MATCH (c:Chain)-[:HAS_SEGMENT]->(s:Segment)-[:INCLUDES]->(p)
MATCH (s)-[:FEEDS]->(n:Segment)
MATCH (n)-[:INCLUDES]->(q:Product)
RETURN c.name AS chain, s.name AS segment, 'downstream' AS direction, n.name AS neighbour_segment,
       collect(DISTINCT q.name) AS products
