// Purpose: Projects of given companies that make products of a chain: capacity and investment, for chain leaders.
// Param: $chain STRING            chain key, e.g. lithium-battery
// Param: $companies LIST<STRING>  company keys
// Returns: company_key, project, capacity, investment_cny
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(:Segment)-[:INCLUDES]->(:Product)<-[:MAKES]-(j:Project)<-[:RUNS]-(c:Company)
WHERE c.key IN $companies
RETURN DISTINCT c.key AS company_key, j.name AS project, j.capacity AS capacity,
       j.investment_cny AS investment_cny
