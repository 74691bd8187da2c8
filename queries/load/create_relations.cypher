// Purpose: Create a batch of relationships of one type between nodes of two labels, each with its evidence.
// Slot: {type} TYPE  the relationship type
// Slot: {source} LABEL  the label of the start nodes
// Slot: {target} LABEL  the label of the end nodes
// Param: $rows LIST<MAP>  {s, t, props}: start key, end key, evidence and properties
UNWIND $rows AS r
MATCH (a:{source} {{key: r.s}})
MATCH (b:{target} {{key: r.t}})
CREATE (a)-[x:{type}]->(b)
SET x += r.props
