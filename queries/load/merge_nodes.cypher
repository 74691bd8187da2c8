// Purpose: MERGE a batch of nodes of one label on their key, set their properties and add new aliases.
// Slot: {label} LABEL  the label of every node of the batch
// Param: $rows LIST<MAP>  {key, props, aliases} a node
// Param: $origin STRING  what created a new node: document or registry
// The SETs are MERGE's own ON CREATE / ON MATCH: a SET after the MERGE makes Neo4j plan an
// Eager (a batch held in memory, twice) for fear that it changes the key a later row looks up.
UNWIND $rows AS r
MERGE (n:{label} {{key: r.key}})
ON CREATE SET n += r.props, n.origin = $origin, n.aliases = r.aliases
ON MATCH SET n += r.props,
    n.aliases = coalesce(n.aliases, []) + [a IN r.aliases WHERE NOT a IN coalesce(n.aliases, [])]
