// Purpose: The chain segments a company's products belong to.
// Param: $company STRING  key of the company
// Returns: chain, segment, tier, product
MATCH (c:Company {key: $company})-[:MAKES]->(p:Product)<-[:INCLUDES]-(s:Segment)<-[:HAS_SEGMENT]-(ch:Chain)
RETURN DISTINCT ch.name AS chain, s.name AS segment, s.tier AS tier, p.name AS product
ORDER BY chain, segment, product
