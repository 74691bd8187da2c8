// Purpose: Every relationship of a company with the node at its other end and the sentence and document it was read from.
// Param: $company STRING  key of the company
// Returns: direction, type, label, other, other_key, sentence, document, doc_id
MATCH (c:Company {key: $company})-[r]-(x)
WHERE type(r) <> 'MENTIONS'
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN CASE WHEN startNode(r) = c THEN 'out' ELSE 'in' END AS direction, type(r) AS type,
       labels(x)[0] AS label, x.name AS other, x.key AS other_key, r.sentence AS sentence,
       d.title AS document, r.doc_id AS doc_id
ORDER BY type, other
