// Purpose: How many documents the graph holds by kind: the user's documents, chain templates (ids template:...) and registries (ids registry:..., the region table and company lists).
// Returns: kind, count
MATCH (d:Document)
WITH CASE WHEN d.id STARTS WITH 'template:' THEN 'template'
          WHEN d.id STARTS WITH 'registry:' THEN 'registry'
          ELSE 'document' END AS kind
RETURN kind, count(*) AS count
ORDER BY kind
