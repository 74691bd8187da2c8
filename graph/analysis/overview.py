"""What the graph holds and what was loaded last: for `chainkg stats` and the overview page."""

from __future__ import annotations

from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore, Node, Relationship


def graph_stats(store: GraphStore) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}``, each sorted by name."""
    return {
        "nodes": {row["label"]: row["count"] for row in read_rows(store, "node_counts")},
        "relationships": {row["type"]: row["count"] for row in read_rows(store, "relationship_counts")},
    }


def label_counts(store: GraphStore) -> dict[str, int]:
    """Nodes of the labels the overview shows; ``Document`` counts the user's documents only."""
    return {row["label"]: row["count"] for row in read_rows(store, "label_counts")}


def document_counts(store: GraphStore) -> dict[str, int]:
    """``{"document": n, "template": n, "registry": n}``: the user's documents, chain templates
    and registries (the region table, company lists), each counted apart."""
    counts = {"document": 0, "template": 0, "registry": 0}
    counts.update({row["kind"]: row["count"] for row in read_rows(store, "document_counts")})
    return counts


def relationship_total(store: GraphStore) -> int:
    """How many relationships the graph holds in all."""
    return read_rows(store, "relationship_total")[0]["count"]


def latest_documents(store: GraphStore, limit: int = 20) -> list[dict]:
    """The most recent documents read into the graph (not templates or registries)."""
    return read_rows(store, "latest_documents", limit=limit)


def last_load(store: GraphStore) -> list[dict]:
    """The documents the last load wrote, new or replaced."""
    return read_rows(store, "last_load")


def graph_dump(store: GraphStore) -> tuple[list[Node], list[Relationship]]:
    """Every node and relationship of the graph (for a GraphML export)."""
    nodes = [row["n"] for row in read_rows(store, "graph_nodes")]
    relationships = [row["r"] for row in read_rows(store, "graph_relationships")]
    return nodes, relationships
