// Purpose: The names a chain's segments go by: key, name and aliases (to read a segment named in Chinese).
// Param: $chain STRING  chain key, e.g. lithium-battery
// Returns: segment_key, name, aliases
MATCH (:Chain {key: $chain})-[h:HAS_SEGMENT]->(s:Segment)
RETURN s.key AS segment_key, s.name AS name, s.aliases AS aliases
ORDER BY h.position
