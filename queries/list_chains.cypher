// Purpose: Every chain in the graph with its aliases and its number of segments.
// Returns: key, name, aliases, segments
MATCH (c:Chain)
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(s:Segment)
RETURN c.key AS key, c.name AS name, c.aliases AS aliases, count(s) AS segments
ORDER BY key
