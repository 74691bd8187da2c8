// Purpose: Move a company node's incoming relationships of one type to the node it is merged into (self-loops are dropped).
// Slot: {type} TYPE  the relationship type
// Param: $old STRING  key of the node merged away
// Param: $new STRING  key of the node it is merged into
MATCH (x)-[r:{type}]->(old:Company {{key: $old}})
MATCH (new:Company {{key: $new}})
WHERE x <> new
CREATE (x)-[m:{type}]->(new)
SET m = properties(r)
DELETE r
