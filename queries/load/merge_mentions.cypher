// Purpose: Link a document to the nodes of one label its facts name (MENTIONS).
// Slot: {label} LABEL  the label of the nodes
// Param: $id STRING  document id
// Param: $keys LIST<STRING>  keys of the nodes
MATCH (d:Document {{id: $id}})
UNWIND $keys AS k
MATCH (n:{label} {{key: k}})
MERGE (d)-[:MENTIONS]->(n)
