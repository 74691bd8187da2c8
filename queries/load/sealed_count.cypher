// Purpose: How many documents carry a fingerprint (are fully written).
// Returns: n
MATCH (d:Document)
WHERE d.fingerprint IS NOT NULL
RETURN count(d) AS n
