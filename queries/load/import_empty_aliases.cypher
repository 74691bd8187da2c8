// Purpose: Give the nodes of a bulk import without aliases the empty list the writer gives every node it MERGEs (origin set), which the importer's CSV cannot carry. In batches: it needs an auto-commit transaction (Neo4j).
MATCH (n)
WHERE n.origin IS NOT NULL AND n.aliases IS NULL
CALL (n) {
  SET n.aliases = []
} IN TRANSACTIONS OF 10000 ROWS
