// Purpose: Put a review decision on the relationships it concerns (their review property filters the analysis).
// Param: $key STRING  the review item's key
// Param: $status STRING  confirmed, rejected or pending
MATCH ()-[x]->()
WHERE x.review_key = $key
SET x.review = $status
