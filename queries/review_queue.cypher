// Purpose: The review queue: proposed company merges, product links and low-confidence relations, with their state, most doubtful first.
// Param: $status STRING  pending, confirmed, rejected, auto, or '' for every state
// Returns: key, kind, status, subject, target, subject_name, target_name, reason, confidence, proposed_at, decided_by, decided_at
MATCH (r:Review)
WHERE $status = '' OR r.status = $status
RETURN r.key AS key, r.kind AS kind, r.status AS status, r.subject AS subject, r.target AS target,
       r.subject_name AS subject_name, r.target_name AS target_name,
       r.reason AS reason, r.confidence AS confidence, r.proposed_at AS proposed_at,
       r.decided_by AS decided_by, r.decided_at AS decided_at
ORDER BY kind, confidence, key
