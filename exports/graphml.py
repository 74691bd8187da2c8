"""The whole graph as GraphML, for Gephi, yEd or networkx."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from chainkg.exports import ExportError
from chainkg.graph.store import Node, Relationship


def graph_networkx(nodes: list[Node], relationships: list[Relationship]) -> nx.MultiDiGraph:
    """The nodes and relationships as a networkx MultiDiGraph; list properties joined by '；'."""
    graph = nx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node.id, label=node.label, **_graphml_props(node.props))
    for rel in relationships:
        graph.add_edge(rel.start, rel.end, key=rel.id, type=rel.type, **_graphml_props(rel.props))
    return graph


def _graphml_props(props: dict) -> dict:
    """GraphML attributes are scalars: lists become text, None is dropped, 'label' is ours."""
    clean = {}
    for name, value in props.items():
        if value is None or name in ("label", "type"):
            continue
        if isinstance(value, (list, tuple)):
            value = "；".join(str(v) for v in value)
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        clean[name] = value
    return clean


def graph_graphml(nodes: list[Node], relationships: list[Relationship]) -> bytes:
    """The nodes and relationships as GraphML bytes (UTF-8)."""
    out = io.BytesIO()
    nx.write_graphml(graph_networkx(nodes, relationships), out, encoding="utf-8")
    return out.getvalue()


def write_graphml(nodes: list[Node], relationships: list[Relationship], path: str | Path) -> Path:
    """Write the nodes and relationships to a .graphml file."""
    path = Path(path)
    if path.suffix.lower() != ".graphml":
        raise ExportError(f"{path}: the graph is written as .graphml")
    path.write_bytes(graph_graphml(nodes, relationships))
    return path
