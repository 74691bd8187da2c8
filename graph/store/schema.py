"""Uniqueness constraints and indexes, in each store's own dialect, all safe to run again."""

from __future__ import annotations

KEYED_LABELS = ("Company", "Product", "Chain", "Segment", "Region", "Project")
NAME_INDEXED = ("Company", "Product", "Region", "Project", "Segment")
COMPANY_INDEXED = ("credit_code", "stock_code", "name_core")  # what resolution looks companies up by


def neo4j_schema_statements() -> list[str]:
    """Cypher DDL for Neo4j 5: one uniqueness constraint a key, indexes on names and codes."""
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.key IS UNIQUE"
        for label in KEYED_LABELS
    ]
    statements.append("CREATE CONSTRAINT document_id IF NOT EXISTS "
                      "FOR (d:Document) REQUIRE d.id IS UNIQUE")
    statements.append("CREATE CONSTRAINT review_key IF NOT EXISTS FOR (r:Review) REQUIRE r.key IS UNIQUE")
    statements += [f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
                   for label in NAME_INDEXED]
    statements += [f"CREATE INDEX company_{prop} IF NOT EXISTS FOR (c:Company) ON (c.{prop})"
                   for prop in COMPANY_INDEXED]
    return statements


def falkordb_schema_statements() -> list[tuple]:
    """Redis commands for FalkorDB: a unique constraint needs an exact-match index under it."""
    commands: list[tuple] = []
    keyed = [(label, "key") for label in KEYED_LABELS] + [("Document", "id"), ("Review", "key")]
    for label, prop in keyed:
        commands.append(("GRAPH.QUERY", "chainkg", f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"))
        commands.append(("GRAPH.CONSTRAINT", "CREATE", "chainkg", "UNIQUE", "NODE", label,
                         "PROPERTIES", 1, prop))
    commands += [("GRAPH.QUERY", "chainkg", f"CREATE INDEX FOR (n:{label}) ON (n.name)")
                 for label in NAME_INDEXED]
    commands += [("GRAPH.QUERY", "chainkg", f"CREATE INDEX FOR (c:Company) ON (c.{prop})")
                 for prop in COMPANY_INDEXED]
    return commands
