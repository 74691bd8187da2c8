// Purpose: What the last load of the user's documents changed: the documents it wrote, new or replaced (unchanged documents are not rewritten, so they do not appear; chain templates and registries are not the user's documents).
// Returns: loaded_at, id, title, path, change, mentions
MATCH (d:Document)
WHERE d.loaded_at IS NOT NULL AND NOT d.id STARTS WITH 'template:' AND NOT d.id STARTS WITH 'registry:'
WITH max(d.loaded_at) AS last
MATCH (d:Document)
WHERE d.loaded_at = last AND NOT d.id STARTS WITH 'template:' AND NOT d.id STARTS WITH 'registry:'
OPTIONAL MATCH (d)-[m:MENTIONS]->()
WITH last, d, count(m) AS mentions
RETURN last AS loaded_at, d.id AS id, d.title AS title, d.path AS path,
       CASE WHEN d.first_loaded_at = d.loaded_at THEN 'new' ELSE 'replaced' END AS change,
       mentions
ORDER BY change, title
