// Purpose: Projects run by given companies anywhere (signs of expansion), with the sentence each was read from.
// Param: $companies LIST<STRING>  company keys
// Returns: company_key, project, stage, date, investment_cny, capacity, doc_id, title, sentence, start, end
MATCH (c:Company)-[u:RUNS]->(j:Project)
WHERE c.key IN $companies
OPTIONAL MATCH (d:Document {id: u.doc_id})
RETURN c.key AS company_key, j.name AS project, j.stage AS stage, j.date AS date,
       j.investment_cny AS investment_cny, j.capacity AS capacity, u.doc_id AS doc_id, d.title AS title,
       u.sentence AS sentence, u.start AS start, u.end AS end
