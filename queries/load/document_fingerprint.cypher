// Purpose: The fingerprint of a document's facts as last written, to skip a document whose facts did not change.
// Param: $id STRING  document id
// Returns: f
MATCH (d:Document {id: $id})
RETURN d.fingerprint AS f
