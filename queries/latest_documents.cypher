// Purpose: The most recent documents read into the graph (not chain templates or registries), with how many nodes each mentions.
// Param: $limit INTEGER  how many documents, e.g. 20
// Returns: id, title, source, date, mentions
MATCH (d:Document)
WHERE NOT d.id STARTS WITH 'template:' AND NOT d.id STARTS WITH 'registry:'
WITH d ORDER BY coalesce(d.date, '') DESC, d.title LIMIT $limit
OPTIONAL MATCH (d)-[m:MENTIONS]->()
WITH d, count(m) AS mentions
RETURN d.id AS id, d.title AS title, d.source AS source, d.date AS date, mentions
ORDER BY coalesce(date, '') DESC, title
