// Purpose: Record a decision on a review item: who decided, when, and what.
// Param: $key STRING  the review item's key
// Param: $status STRING  confirmed, rejected or pending
// Param: $by STRING  who decided
// Param: $at STRING  when (ISO time)
MATCH (r:Review {key: $key})
SET r.status = $status, r.decided_by = $by, r.decided_at = $at
