"""One interface over the two graph stores, and the value types their results come back as.

A store runs Cypher. ``write`` runs a list of statements as one unit, ``read`` runs one
statement on the store's read-only path (the store itself refuses writes there). Results
are lists of dicts whose values are plain Python values, ``Node`` or ``Relationship``.

>>> with open_store("embedded:.chainkg/graph") as store:      # doctest: +SKIP
...     store.read("MATCH (c:Company) RETURN count(c) AS n").rows
[{'n': 0}]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Protocol

from chainkg_errors import StoreError

DEFAULT_STORE = "embedded:.chainkg/graph"


@dataclass(frozen=True)
class Node:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else ""


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False

    def column(self, name: str) -> list[Any]:
        return [row[name] for row in self.rows]


Statement = tuple[str, dict[str, Any]]


class GraphStore(Protocol):
    """What every store adapter offers; graph/ code talks to nothing else."""

    kind: str
    location: str

    def read(self, cypher: str, params: dict | None = None, *,
             timeout_s: float | None = None, limit: int | None = None) -> QueryResult: ...

    def write(self, statements: list[Statement]) -> None: ...

    def ensure_schema(self) -> None: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


def store_spec_from_env(spec: str | None = None) -> str:
    """The store to open: an explicit spec, else $CHAINKG_STORE, else the embedded default."""
    return spec or os.environ.get("CHAINKG_STORE") or DEFAULT_STORE


def open_store(spec: str | None = None, *, user: str | None = None,
               password: str | None = None, database: str | None = None):
    """Open ``embedded:PATH`` or a ``bolt://`` / ``neo4j://`` URI (credentials from args or env)."""
    spec = store_spec_from_env(spec)
    if spec.startswith("embedded:"):
        from graph.embedded import EmbeddedStore
        return EmbeddedStore(spec.removeprefix("embedded:") or ".chainkg/graph")
    if spec.split("://", 1)[0] in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
        from graph.neo4j_store import Neo4jStore
        return Neo4jStore(
            spec,
            user=user or os.environ.get("NEO4J_USER", "neo4j"),
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )
    raise StoreError(
        f"unknown store {spec!r}: use embedded:PATH or a bolt:// or neo4j:// URI")


class StoreBase:
    """Shared behaviour of the adapters: context management and single-statement helpers."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, cypher: str, params: dict | None = None) -> None:
        """Run one writing statement on its own."""
        self.write([(cypher, params or {})])

    def rows(self, cypher: str, params: dict | None = None) -> list[dict[str, Any]]:
        """The rows of a read-only query."""
        return self.read(cypher, params).rows
