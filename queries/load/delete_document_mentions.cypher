// Purpose: Remove a document's MENTIONS, and the nodes only that document made (origin 'document') that are left without relationships.
// Param: $id STRING  document id
MATCH (d:Document {id: $id})-[m:MENTIONS]->(n)
DELETE m
WITH DISTINCT n
OPTIONAL MATCH (n)-[r]-()
WITH n, count(r) AS degree
WHERE degree = 0 AND n.origin = 'document'
DELETE n
