// Purpose: The products the loaded chain templates include, with their names, aliases and linking heads and marks (the product linker's vocabulary).
// Returns: key, name, aliases, heads, marks
MATCH (:Segment)-[:INCLUDES]->(p:Product)
RETURN DISTINCT p.key AS key, p.name AS name, p.aliases AS aliases, p.heads AS heads, p.marks AS marks
