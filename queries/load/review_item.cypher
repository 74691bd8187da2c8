// Purpose: One review item by its key.
// Param: $key STRING  the review item's key
// Returns: key, kind, status, subject, target
MATCH (r:Review {key: $key})
RETURN r.key AS key, r.kind AS kind, r.status AS status, r.subject AS subject, r.target AS target
