"""Counts of what the graph holds, for `chainkg stats` and the overview page."""

from __future__ import annotations

from graph.queries import load_query, run_query


def graph_stats(store) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}``, each sorted by name."""
    nodes = run_query(store, load_query("node_counts"), limit=None).rows
    relationships = run_query(store, load_query("relationship_counts"), limit=None).rows
    return {
        "nodes": {row["label"]: row["count"] for row in nodes},
        "relationships": {row["type"]: row["count"] for row in relationships},
    }
