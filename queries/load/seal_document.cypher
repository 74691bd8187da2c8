// Purpose: Record the fingerprint of a document's facts, written last: only a document whose every fact is stored has one, so a load cut short is redone on the next run.
// Param: $id STRING  document id
// Param: $fingerprint STRING  sha256 of the document's facts
MATCH (d:Document {id: $id})
SET d.fingerprint = $fingerprint
