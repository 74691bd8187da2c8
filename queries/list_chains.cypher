// Purpose: Every chain in the graph with its number of segments.
// Returns: key, name, segments
MATCH (c:Chain)
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(s:Segment)
RETURN c.key AS key, c.name AS name, count(s) AS segments
ORDER BY key
