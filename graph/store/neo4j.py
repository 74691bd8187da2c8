"""The Neo4j store, over Bolt with the official driver.

``read`` runs in a READ-mode transaction with the Neo4j ``read`` access mode, so the server
itself refuses a query that would write (and on a cluster routes it to a reader). READ mode
still allows LOAD CSV, procedures and administration commands; ``console``, the path of
queries a user typed, asks the server for the query's plan first and refuses those.
"""

from __future__ import annotations

import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j.graph import Node as NNode
from neo4j.graph import Path as NPath
from neo4j.graph import Relationship as NRel

from chainkg.contract.errors import ConsoleRefusal, ReadOnlyViolation, StoreError, StoreUnavailable
from chainkg.graph.store.base import Node, QueryResult, Relationship, Statement, StoreBase
from chainkg.graph.store.schema import neo4j_schema_statements


class Neo4jStore(StoreBase):
    """GraphStore over a Neo4j server (5.x) at ``uri``."""

    kind = "neo4j"
    atomic_units = True

    def __init__(self, uri: str, *, user: str = "neo4j", password: str = "",
                 database: str | None = None, workers: int = 2):
        self.location = uri
        self.database = database
        self.workers = max(1, workers)
        # Transactions run again after a transient error (a deadlock between lanes, say):
        # the driver retries them; the count says how often that happened.
        self.retries = 0
        self._retries_lock = threading.Lock()
        try:
            # Notifications (deprecations, unknown property keys on an empty graph) are for
            # query authors in Neo4j Browser, not for a CLI user's terminal.
            self.driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password), notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            raise StoreError(f"Neo4j at {uri} refused user {user!r}: wrong user or password "
                             "(set NEO4J_USER / NEO4J_PASSWORD)") from None
        except neo4j.exceptions.Neo4jError as exc:  # e.g. too many wrong passwords: rate limit
            raise StoreUnavailable(f"Neo4j at {uri} refused user {user!r}: {_first_line(exc)}") from None
        except (neo4j.exceptions.DriverError, ValueError, OSError) as exc:
            raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {_first_line(exc)}") from None

    def read(self, cypher: str, params: dict | None = None, *,
             timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        def work(tx):
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            rows = []
            for record in result:
                if limit is not None and len(rows) == limit:
                    return columns, rows, True
                rows.append({k: _plain(record[k]) for k in columns})
            return columns, rows, False

        work = neo4j.unit_of_work(timeout=timeout_s)(work) if timeout_s else work
        with self._errors():
            with self.driver.session(database=self.database,
                                     default_access_mode=neo4j.READ_ACCESS) as session:
                columns, rows, truncated = session.execute_read(work)
        return QueryResult(columns, rows, truncated)

    def console(self, cypher: str, params: dict | None = None, *,
                timeout_s: float | None = None, limit: int | None = None) -> QueryResult:
        """A query typed by a user: refused when its plan reads files or URLs, calls a
        procedure beyond schema introspection, or is an administration command."""
        with self._errors():
            with self.driver.session(database=self.database,
                                     default_access_mode=neo4j.READ_ACCESS) as session:
                plan = session.run("EXPLAIN " + cypher, params or {}).consume().plan
        refusal = plan_refusal(plan)
        if refusal:
            raise ConsoleRefusal(refusal)
        return self.read(cypher, params, timeout_s=timeout_s, limit=limit)

    def write(self, statements: list[Statement]) -> None:
        """Run the statements in one transaction: all of them land, or none.

        A transient error (deadlock, lock timeout, leader switch) rolls the transaction back
        and the driver runs it again, for up to its retry time (30 s by default).
        """
        attempts = 0

        def work(tx):
            nonlocal attempts
            attempts += 1
            # Sent one after the other, consumed at the end: the driver encodes the next
            # batch while the server runs the one before (Bolt 5 pipelines results).
            results = [tx.run(cypher, params or {}) for cypher, params in statements]
            for result in results:
                result.consume()

        try:
            with self._errors():
                with self.driver.session(database=self.database) as session:
                    session.execute_write(work)
        finally:
            if attempts > 1:
                with self._retries_lock:
                    self.retries += attempts - 1

    def write_lanes(self, lanes: list[list[list[Statement]]]) -> None:
        """Each lane's units in order, up to ``workers`` lanes at once, a transaction a unit.

        The first lane to fail stops the others after their current unit, and its error is
        raised; units already committed stay (the writer seals a document only afterwards).
        """
        failed = threading.Event()

        def run_lane(lane: list[list[Statement]]) -> None:
            for unit in lane:
                if failed.is_set():
                    return
                try:
                    self.write(unit)
                except BaseException:
                    failed.set()
                    raise

        with ThreadPoolExecutor(max_workers=min(self.workers, len(lanes)) or 1) as pool:
            futures = [pool.submit(run_lane, lane) for lane in lanes]
        for future in futures:
            future.result()

    def run_autocommit(self, cypher: str, params: dict | None = None) -> None:
        """Run one statement in an auto-commit transaction, the kind ``CALL { … } IN
        TRANSACTIONS`` needs to change millions of nodes batch by batch."""
        with self._errors(), self.driver.session(database=self.database) as session:
            session.run(cypher, params or {}).consume()

    def ensure_schema(self) -> None:
        for statement in neo4j_schema_statements():
            self.run(statement)

    def clear(self) -> None:
        # CALL { } IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
        # Relationships first: DETACH DELETE of a node with 100k MENTIONS (a registry's
        # document) would hold them all in one inner transaction, past the memory pool limit.
        with self._errors(), self.driver.session(database=self.database) as session:
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } "
                        "IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                        "IN TRANSACTIONS OF 10000 ROWS").consume()

    def close(self) -> None:
        self.driver.close()

    @contextmanager
    def _errors(self):
        """Driver errors as one StoreError line; a server gone or refusing is StoreUnavailable."""
        try:
            yield
        except neo4j.exceptions.Neo4jError as exc:
            raise _store_error(exc) from None
        except (neo4j.exceptions.DriverError, OSError) as exc:
            raise StoreUnavailable(f"lost Neo4j at {self.location}: {_first_line(exc)}") from None


# Procedures a console may call: schema introspection only, nothing of dbms.* or apoc.*.
SAFE_PROCEDURES = ("db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
                   "db.schema.nodeTypeProperties", "db.schema.relTypeProperties")
REFUSED_OPERATORS = {"LoadCSV": "LOAD CSV reads files and URLs; the console only reads the graph"}


def plan_refusal(plan: dict | None) -> str | None:
    """Why the console refuses a query with this EXPLAIN plan, or None when it only reads."""
    if not plan:
        return "the server gave no plan for this query; the console runs only MATCH … RETURN queries"
    operator = str(plan.get("operatorType", "")).split("@")[0]
    if operator in REFUSED_OPERATORS:
        return REFUSED_OPERATORS[operator]
    # Writes (CreateNode, Merge …) are left to the READ access mode, which refuses them.
    if operator.startswith(("Show", "Terminate", "SystemProcedure", "AdministrationCommand")):
        return "administration commands (SHOW, TERMINATE, users, databases) are not for the console"
    if operator == "ProcedureCall":
        details = str(plan.get("args", {}).get("Details", ""))
        if not details.startswith(SAFE_PROCEDURES):
            return (f"the console calls no procedures but {', '.join(SAFE_PROCEDURES)}: "
                    f"{details.split('(')[0] or 'a procedure'}")
    for child in plan.get("children") or []:
        refusal = plan_refusal(child)
        if refusal:
            return refusal
    return None


def _store_error(exc: Exception) -> StoreError:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = getattr(exc, "code", "") or ""
    if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "write" in code.lower():
        return ReadOnlyViolation("this query would change the graph; the console is read-only")
    if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
        return StoreError("the query ran past its time limit and was stopped")
    if code.startswith("Neo.TransientError") or "RateLimit" in code or "Unavailable" in code:
        return StoreUnavailable(f"Neo4j cannot go on: {_first_line(exc)}")
    return StoreError(f"query failed: {_first_line(exc)}")


def _first_line(exc: Exception) -> str:
    message = str(exc)
    if isinstance(exc, neo4j.exceptions.Neo4jError):
        with warnings.catch_warnings():  # the driver flags its GQL status fields as preview
            warnings.simplefilter("ignore")
            message = exc.message or message
    flat = " ".join(line.strip() for line in message.splitlines() if line.strip())
    return flat[:300] or type(exc).__name__


def _plain(value: Any) -> Any:
    if isinstance(value, NNode):
        return Node(value.element_id, tuple(sorted(value.labels)), dict(value))
    if isinstance(value, NRel):
        return Relationship(value.element_id, value.type, value.start_node.element_id,
                            value.end_node.element_id, dict(value))
    if isinstance(value, NPath):
        parts: list[Any] = []
        for index, node in enumerate(value.nodes):
            parts.append(_plain(node))
            if index < len(value.relationships):
                parts.append(_plain(value.relationships[index]))
        return parts
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
