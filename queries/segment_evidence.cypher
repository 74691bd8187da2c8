// Purpose: The sentences saying that the given companies or projects make a product of a segment, with their documents.
// Param: $segment STRING  graph key of the segment, e.g. lithium-battery/cathode
// Param: $names LIST<STRING>  names of the companies and projects, e.g. 华友钴业,年产5万吨三元正极材料项目
// Returns: maker, product, sentence, document, doc_id
MATCH (s:Segment {key: $segment})-[:INCLUDES]->(p:Product)<-[r:MAKES]-(x)
WHERE x.name IN $names
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN x.name AS maker, p.name AS product, r.sentence AS sentence, d.title AS document,
       r.doc_id AS doc_id
ORDER BY maker, product
