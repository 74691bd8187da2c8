// Purpose: MERGE one PART_OF edge between two regions (the gazetteer's hierarchy above the regions a load meets); a pair already linked keeps its edge.
// Param: $rows LIST<MAP>  {s, t, props}: child region key, parent region key, evidence
UNWIND $rows AS r
MATCH (a:Region {key: r.s})
MATCH (b:Region {key: r.t})
MERGE (a)-[x:PART_OF]->(b)
ON CREATE SET x += r.props
