// Purpose: The evidence for every relationship between two named nodes (either direction): document, sentence, offsets, extractor, confidence.
// Param: $source STRING  name, alias or key of one end, e.g. 江西壬前驱体有限公司
// Param: $target STRING  name, alias or key of the other end, e.g. 衢州丁新材料有限公司
// Returns: type, source_name, target_name, doc_id, title, sentence, start, end, extractor, confidence
MATCH (a)
WHERE a.name = $source OR a.key = $source OR $source IN coalesce(a.aliases, [])
MATCH (a)-[t]-(b)
WHERE b.name = $target OR b.key = $target OR $target IN coalesce(b.aliases, [])
OPTIONAL MATCH (d:Document {id: t.doc_id})
RETURN type(t) AS type, startNode(t).name AS source_name, endNode(t).name AS target_name, t.doc_id AS doc_id,
       d.title AS title, t.sentence AS sentence, t.start AS start, t.end AS end,
       t.extractor AS extractor, t.confidence AS confidence
ORDER BY doc_id, start
