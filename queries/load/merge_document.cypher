// Purpose: Create or update a Document node with its properties; the first load time is kept, and the fingerprint is removed until seal_document writes it after the facts.
// Param: $id STRING  document id
// Param: $props MAP  title, source, date, path, sha256, loaded_at
MERGE (d:Document {id: $id})
SET d += $props
SET d.first_loaded_at = coalesce(d.first_loaded_at, $props.loaded_at)
REMOVE d.fingerprint
