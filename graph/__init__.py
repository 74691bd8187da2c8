"""The graph: store adapters (store/), loading (load/) and analysis (analysis/); every Cypher
statement is a file of queries/."""
