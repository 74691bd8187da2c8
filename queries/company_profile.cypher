// Purpose: A company's profile: identity, where it is, what it makes, its projects and its ties to other companies ('SUBSIDIARY_OF → X': it is X's subsidiary; 'SUBSIDIARY_OF ← X': X is its subsidiary).
// Param: $company STRING  company name, short name (alias) or key, e.g. 浙江华友钴业股份有限公司
// Returns: company, key, credit_code, province, city, listed, regions, products, projects, ties
MATCH (c:Company)
WHERE c.name = $company OR c.key = $company OR $company IN coalesce(c.aliases, [])
OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region)
WITH c, collect(DISTINCT r.name) AS regions
OPTIONAL MATCH (c)-[:MAKES]->(p:Product)
WITH c, regions, collect(DISTINCT p.name) AS products
OPTIONAL MATCH (c)-[:RUNS]->(j:Project)
WITH c, regions, products, collect(DISTINCT j.name) AS projects
OPTIONAL MATCH (c)-[t:PARTNERS_WITH|SUPPLIES|INVESTS_IN|SUBSIDIARY_OF]-(o:Company)
RETURN c.name AS company, c.key AS key, c.credit_code AS credit_code, c.province AS province,
       c.city AS city, c.listed AS listed, regions, products, projects,
       collect(DISTINCT CASE WHEN startNode(t) = c THEN type(t) + ' → ' + o.name
                             ELSE type(t) + ' ← ' + o.name END) AS ties
