// Purpose: The evidence that given companies make products of given segments: document, sentence and offsets.
// Param: $companies LIST<STRING>  company keys
// Param: $segments LIST<STRING>   segment graph keys, e.g. lithium-battery/precursor
// Returns: company_key, segment_key, product, doc_id, title, sentence, start, end
MATCH (s:Segment)-[:INCLUDES]->(p:Product)<-[m:MAKES]-(c:Company)
WHERE c.key IN $companies AND s.key IN $segments
OPTIONAL MATCH (d:Document {id: m.doc_id})
RETURN c.key AS company_key, s.key AS segment_key, p.name AS product, m.doc_id AS doc_id,
       d.title AS title, m.sentence AS sentence, m.start AS start, m.end AS end
