// Purpose: Move a company node's outgoing relationships of one type to the node it is merged into (self-loops are dropped).
// Slot: {type} TYPE  the relationship type
// Param: $old STRING  key of the node merged away
// Param: $new STRING  key of the node it is merged into
MATCH (old:Company {{key: $old}})-[r:{type}]->(x)
MATCH (new:Company {{key: $new}})
WHERE x <> new
CREATE (new)-[m:{type}]->(x)
SET m = properties(r)
DELETE r
