// Purpose: The review items staff decided (confirmed or rejected), which every load applies.
// Returns: key, kind, status, subject, target
MATCH (r:Review)
WHERE r.status IN ['confirmed', 'rejected']
RETURN r.key AS key, r.kind AS kind, r.status AS status, r.subject AS subject, r.target AS target
