// Purpose: MERGE a batch of nodes of one label on their key, set their properties and add new aliases.
// Slot: {label} LABEL  the label of every node of the batch
// Param: $rows LIST<MAP>  {key, props, aliases} a node
// Param: $origin STRING  what created a new node: document or registry
UNWIND $rows AS r
MERGE (n:{label} {{key: r.key}})
ON CREATE SET n.origin = $origin
SET n += r.props
SET n.aliases = coalesce(n.aliases, []) + [a IN r.aliases WHERE NOT a IN coalesce(n.aliases, [])]
