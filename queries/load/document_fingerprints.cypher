// Purpose: The fingerprints of a batch of documents' facts as last written, to skip the documents whose facts did not change.
// Param: $ids LIST<STRING>  document ids
// Returns: id, f
UNWIND $ids AS i
MATCH (d:Document {id: i})
RETURN d.id AS id, d.fingerprint AS f
