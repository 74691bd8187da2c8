// Purpose: Seal the documents of a bulk import: the fingerprint the export computed becomes the document's fingerprint, so the writer later skips documents whose facts did not change.
MATCH (d:Document)
WHERE d.pending_fingerprint IS NOT NULL
SET d.fingerprint = d.pending_fingerprint
REMOVE d.pending_fingerprint
