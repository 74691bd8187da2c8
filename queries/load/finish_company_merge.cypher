// Purpose: Finish merging a company node into another: its documents mention the new node, its names become aliases, it is deleted.
// Param: $old STRING  key of the node merged away
// Param: $new STRING  key of the node it is merged into
MATCH (old:Company {key: $old})
MATCH (new:Company {key: $new})
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(old)
WITH old, new, collect(d) AS documents
FOREACH (d IN documents | MERGE (d)-[:MENTIONS]->(new))
SET new.aliases = coalesce(new.aliases, []) + [a IN [old.name] + coalesce(old.aliases, []) WHERE a <> new.name AND NOT a IN coalesce(new.aliases, [])]
DETACH DELETE old
