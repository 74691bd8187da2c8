"""Open a store from its spec: ``embedded:PATH`` or a ``bolt://`` / ``neo4j://`` URI.

Credentials are arguments: the CLI reads them from its options and the environment, the
app from its settings; nothing here reads the environment.

>>> with open_store("embedded:.chainkg/graph") as store:      # doctest: +SKIP
...     store.read("MATCH (c:Company) RETURN count(c) AS n").rows
[{'n': 0}]
"""

from __future__ import annotations

from chainkg.contract.errors import StoreError
from chainkg.graph.store.base import GraphStore

DEFAULT_STORE = "embedded:.chainkg/graph"
DEFAULT_NEO4J_WORKERS = 2
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def open_store(spec: str = DEFAULT_STORE, *, user: str = "neo4j", password: str = "",
               database: str | None = None, workers: int | None = None) -> GraphStore:
    """The store ``spec`` names; a Neo4j server is reached with ``user`` and ``password``.

    ``workers`` is how many transactions a Neo4j store runs side by side when it writes a
    huge document group (default 2); the embedded store writes one unit at a time.
    """
    # Each adapter imports its driver (neo4j takes ~0.5 s): a command pays only for its own.
    if spec.startswith("embedded:"):
        from chainkg.graph.store.embedded import EmbeddedStore
        return EmbeddedStore(spec.removeprefix("embedded:") or ".chainkg/graph")
    if spec.split("://", 1)[0] in NEO4J_SCHEMES:
        from chainkg.graph.store.neo4j import Neo4jStore
        return Neo4jStore(spec, user=user, password=password, database=database or None,
                          workers=workers or DEFAULT_NEO4J_WORKERS)
    raise StoreError(f"unknown store {spec!r}: use embedded:PATH or a bolt:// or neo4j:// URI")
