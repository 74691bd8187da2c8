"""A graph with nothing in it: what a bulk export resolves each document against.

The offline importer writes a new database, so the facts of a first load meet no stored
company, decision or template: every read answers with no rows, and a write is refused
(nothing would keep it).
"""

from __future__ import annotations

from typing import Any

from chainkg.contract.errors import StoreError
from chainkg.graph.store.base import QueryResult, Statement, StoreBase


class EmptyGraph(StoreBase):
    """A store that holds nothing and takes nothing."""

    kind = "empty"
    location = "(empty graph)"

    def read(self, cypher: str, params: dict[str, Any] | None = None, *,
             timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        return QueryResult([], [])

    def write(self, statements: list[Statement]) -> None:
        raise StoreError("the empty graph of a bulk export takes no writes")

    def ensure_schema(self) -> None:
        pass

    def clear(self) -> None:
        pass

    def close(self) -> None:
        pass
