// Purpose: Remove the relationships a document's facts created (they carry its id), before the document is written again.
// Param: $id STRING  document id
MATCH (d:Document {id: $id})-[:MENTIONS]->(n)-[r]->()
WHERE r.doc_id = $id
DELETE r
