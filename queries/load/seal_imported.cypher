// Purpose: Seal the documents of a bulk import: the fingerprint the export computed becomes the document's fingerprint, so the writer later skips documents whose facts did not change. In batches: it needs an auto-commit transaction (Neo4j).
MATCH (d:Document)
WHERE d.pending_fingerprint IS NOT NULL
CALL (d) {
  SET d.fingerprint = d.pending_fingerprint
  REMOVE d.pending_fingerprint
} IN TRANSACTIONS OF 10000 ROWS
