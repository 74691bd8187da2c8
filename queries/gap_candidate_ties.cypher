// Purpose: Existing ties (partner, supplier, investor, parent) between given companies and companies located in a region.
// Param: $companies LIST<STRING>  company keys of the candidates
// Param: $region STRING           region name, e.g. 衢州 (sub-regions included)
// Returns: company_key, type, partner, doc_id, title, sentence, start, end
MATCH (r:Region)
WHERE r.name = $region OR r.key = $region OR $region IN coalesce(r.aliases, [])
MATCH (x:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT x
MATCH (local:Company)-[:LOCATED_IN]->(x)
WITH DISTINCT local
MATCH (c:Company)-[t:PARTNERS_WITH|SUPPLIES|INVESTS_IN|SUBSIDIARY_OF]-(local)
WHERE c.key IN $companies
OPTIONAL MATCH (d:Document {id: t.doc_id})
RETURN c.key AS company_key, type(t) AS type, local.name AS partner, t.doc_id AS doc_id, d.title AS title,
       t.sentence AS sentence, t.start AS start, t.end AS end
