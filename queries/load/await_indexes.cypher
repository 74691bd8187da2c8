// Purpose: Wait until every index of a Neo4j database is online (at most 300 s), so a graph that was just imported answers through its indexes; Neo4j only.
CALL db.awaitIndexes(300)
