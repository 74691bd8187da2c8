// Purpose: The documents saying that the given companies or projects make a product of a chain (the sources of a briefing).
// Param: $chain STRING  chain key, e.g. lithium-battery
// Param: $names LIST<STRING>  names of the companies and projects, e.g. 华友钴业,年产5万吨三元正极材料项目
// Returns: doc_id, title, date, source
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(:Segment)-[:INCLUDES]->(:Product)<-[r:MAKES]-(x)
WHERE x.name IN $names
MATCH (d:Document {id: r.doc_id})
RETURN DISTINCT d.id AS doc_id, d.title AS title, d.date AS date, d.source AS source
ORDER BY title
