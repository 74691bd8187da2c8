"""Uniqueness constraints and indexes, in each store's own dialect, all safe to run again."""

from __future__ import annotations

KEYED_LABELS = ("Company", "Product", "Chain", "Segment", "Region", "Project")
NAME_INDEXED = ("Company", "Product", "Region", "Project", "Segment")


def neo4j_schema_statements() -> list[str]:
    """Cypher DDL for Neo4j 5: one uniqueness constraint a key, indexes on names and codes."""
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.key IS UNIQUE"
        for label in KEYED_LABELS
    ]
    statements.append("CREATE CONSTRAINT document_id IF NOT EXISTS "
                      "FOR (d:Document) REQUIRE d.id IS UNIQUE")
    statements += [f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
                   for label in NAME_INDEXED]
    statements.append("CREATE INDEX company_credit_code IF NOT EXISTS "
                      "FOR (c:Company) ON (c.credit_code)")
    return statements


def falkordb_schema_statements() -> list[tuple]:
    """Redis commands for FalkorDB: a unique constraint needs an exact-match index under it."""
    commands: list[tuple] = []
    keyed = [(label, "key") for label in KEYED_LABELS] + [("Document", "id")]
    for label, prop in keyed:
        commands.append(("GRAPH.QUERY", "chainkg", f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"))
        commands.append(("GRAPH.CONSTRAINT", "CREATE", "chainkg", "UNIQUE", "NODE", label,
                         "PROPERTIES", 1, prop))
    commands += [("GRAPH.QUERY", "chainkg", f"CREATE INDEX FOR (n:{label}) ON (n.name)")
                 for label in NAME_INDEXED]
    commands.append(("GRAPH.QUERY", "chainkg", "CREATE INDEX FOR (c:Company) ON (c.credit_code)"))
    return commands
