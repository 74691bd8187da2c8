// Purpose: Node counts of the labels the overview shows; one count a label, which the stores answer from their statistics (node_counts scans every node). Document counts the user's documents only: chain templates and registries are counted apart (document_counts).
// Returns: label, count
MATCH (n:Company) RETURN 'Company' AS label, count(n) AS count
UNION ALL MATCH (n:Product) RETURN 'Product' AS label, count(n) AS count
UNION ALL MATCH (n:Chain) RETURN 'Chain' AS label, count(n) AS count
UNION ALL MATCH (n:Segment) RETURN 'Segment' AS label, count(n) AS count
UNION ALL MATCH (n:Project) RETURN 'Project' AS label, count(n) AS count
UNION ALL MATCH (n:Document) WHERE NOT n.id STARTS WITH 'template:' AND NOT n.id STARTS WITH 'registry:'
          RETURN 'Document' AS label, count(n) AS count
UNION ALL MATCH (n:Region) RETURN 'Region' AS label, count(n) AS count
