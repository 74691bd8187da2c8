"""One interface over the two graph stores, and the value types their results come back as.

A store runs Cypher. ``write`` runs a list of statements as one unit, ``read`` runs one
statement on the store's read-only path (the store itself refuses writes there). Results
are lists of dicts whose values are plain Python values, ``Node`` or ``Relationship``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


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
    # True when ``write`` is one transaction (all or nothing): the writer can then seal a
    # document inside its last unit instead of in a round trip of its own.
    atomic_units: bool
    # Transactions the store runs side by side in ``write_lanes`` (1: one after the other).
    workers: int

    def read(self, cypher: str, params: dict[str, Any] | None = None, *,
             timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        """Run one query on the read-only path; at most ``limit`` rows (``truncated`` says so)."""

    def console(self, cypher: str, params: dict[str, Any] | None = None, *,
                timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        """Run a query a user typed: read-only, and refused when it reaches beyond the graph
        (files, URLs, administration); at most ``limit`` rows, cut at the source."""

    def write(self, statements: list[Statement]) -> None:
        """Run statements as one unit: all of them are stored, or none."""

    def write_lanes(self, lanes: list[list[list[Statement]]]) -> None:
        """Run each lane's units in order, the lanes side by side on up to ``workers``
        transactions; the caller makes sure no two lanes write the same node."""

    def rows(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The rows of a read-only query, without limits."""

    def ensure_schema(self) -> None:
        """Create the constraints and indexes the writer relies on (safe to run again)."""

    def clear(self) -> None:
        """Remove every node and relationship."""

    def close(self) -> None:
        """Release the connection (the data stays)."""

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


class StoreBase:
    """Shared behaviour of the adapters: context management and single-statement helpers."""

    atomic_units = False
    workers = 1

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, cypher: str, params: dict | None = None) -> None:
        """Run one writing statement on its own."""
        self.write([(cypher, params or {})])

    def write_lanes(self, lanes: list[list[list[Statement]]]) -> None:
        """One lane after the other: a store without concurrent transactions."""
        for lane in lanes:
            for unit in lane:
                self.write(unit)

    def rows(self, cypher: str, params: dict | None = None) -> list[dict[str, Any]]:
        """The rows of a read-only query."""
        return self.read(cypher, params).rows

    def console(self, cypher: str, params: dict | None = None, *,
                timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        return self.read(cypher, params, timeout_s=timeout_s, limit=limit)
