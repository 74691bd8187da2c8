// Purpose: A first look at the graph: 25 companies with the products they make, as a graph.
// Returns: c, p
MATCH (c:Company)-[:MAKES]->(p:Product)
RETURN c, p
LIMIT 25
