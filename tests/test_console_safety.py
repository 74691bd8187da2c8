"""The console only reads the graph, on both stores: no files, no URLs, no administration,
no writes, and a row limit that stops the server rather than trimming what it sent.

The Neo4j half runs against the suite's own server (scripts/neo4j), whose settings are part
of what is tested: file URLs off and every address blocklisted for LOAD CSV.
"""

from __future__ import annotations

import socket
import subprocess
import threading

import pytest

from chainkg.contract.errors import ConsoleRefusal, ReadOnlyViolation, StoreError, StoreUnavailable
from chainkg.graph.store import open_store
from chainkg.graph.store.embedded import with_source_limit
from tests.conftest import NEO4J_PASSWORD

HOSTILE = {
    "environment": "LOAD CSV FROM 'file:///proc/self/environ' AS row RETURN row",
    "shadow": "LOAD CSV FROM 'file:///etc/shadow' AS row RETURN row",
    "neo4j auth": "LOAD CSV FROM 'file:///data/dbms/auth.ini' AS row RETURN row",
}
NEO4J_ADMIN = {
    "terminate": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "show transactions": "SHOW TRANSACTIONS",
    "show users": "SHOW USERS",
    "list config": "CALL dbms.listConfig() YIELD name RETURN name",
    "list config bare": "CALL dbms.listConfig()",
    "create user": "CREATE USER intruder SET PASSWORD 'intruder-pass'",
    "show procedures": "SHOW PROCEDURES",
}


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that records whether anyone connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(5)
    hits = []

    def accept():
        try:
            connection, _ = server.accept()
            hits.append(True)
            connection.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    server.close()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_console_reads_no_files(store, name):
    with pytest.raises(ConsoleRefusal, match="LOAD CSV"):
        store.console(HOSTILE[name], timeout_s=10, limit=5)


def test_console_fetches_no_url(store, listener):
    port, hits = listener
    with pytest.raises(ConsoleRefusal):
        store.console(f"LOAD CSV FROM 'http://127.0.0.1:{port}/x.csv' AS row RETURN row",
                      timeout_s=10, limit=5)
    assert hits == []


def test_console_still_reads_the_graph(store):
    store.run("CREATE (:Company {key: 'k', name: '衢州远帆'})")
    result = store.console("MATCH (c:Company) RETURN c.name AS name", timeout_s=10, limit=5)
    assert result.rows == [{"name": "衢州远帆"}]
    assert store.console("CALL db.labels() YIELD label RETURN label", limit=10).rows


def test_console_refuses_writes(store):
    with pytest.raises(ReadOnlyViolation):
        store.console("CREATE (:Company {key: 'x'}) RETURN 1", timeout_s=10, limit=5)


def test_console_row_limit_is_applied_at_the_source(store):
    result = store.console("UNWIND range(1, 5000000) AS x RETURN x", timeout_s=60, limit=5)
    assert [row["x"] for row in result.rows] == [1, 2, 3, 4, 5] and result.truncated


def test_with_source_limit_keeps_a_smaller_limit_and_leaves_other_shapes():
    assert with_source_limit("MATCH (n) RETURN n LIMIT 3", 6) == "MATCH (n) RETURN n LIMIT 3"
    assert with_source_limit("MATCH (n) RETURN n LIMIT 300;", 6) == "MATCH (n) RETURN n LIMIT 6"
    assert with_source_limit("MATCH (n) RETURN n ORDER BY n.x", 6).endswith("\nLIMIT 6")
    assert with_source_limit("MATCH (n {name: 'RETURN'}) RETURN n LIMIT $k", 6).endswith("$k")
    assert with_source_limit("CALL db.labels()", 6) == "CALL db.labels()"


# ---------------------------------------------------------------------------- Neo4j


@pytest.fixture
def neo4j_store(neo4j_uri):
    with open_store(neo4j_uri, password=NEO4J_PASSWORD) as store:
        yield store


@pytest.mark.parametrize("name", sorted(NEO4J_ADMIN))
def test_neo4j_console_refuses_administration_and_procedures(neo4j_store, name):
    with pytest.raises(StoreError) as refused:
        neo4j_store.console(NEO4J_ADMIN[name], timeout_s=10, limit=5)
    assert not isinstance(refused.value, StoreUnavailable)
    users = neo4j_store.read("SHOW USERS YIELD user RETURN user").rows
    assert {"user": "intruder"} not in users


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_neo4j_server_itself_refuses_file_urls(neo4j_store, name):
    """Even outside the console (the plan check), the server reads no file."""
    with pytest.raises(StoreError, match="allow_csv_import_from_file_urls|Cannot load"):
        neo4j_store.read(HOSTILE[name], timeout_s=10, limit=5)


def test_neo4j_server_itself_fetches_no_url(neo4j_store, listener):
    port, hits = listener
    with pytest.raises(StoreError, match="blocked|Cannot load"):
        neo4j_store.read(f"LOAD CSV FROM 'http://127.0.0.1:{port}/x.csv' AS row RETURN row",
                         timeout_s=10, limit=5)
    assert hits == []


def test_neo4j_wrong_password_again_and_again_is_one_line_exit_2(neo4j_uri):
    from tests.test_cli import CHAINKG
    for _ in range(4):  # the third failure turns on Neo4j's rate limit
        result = subprocess.run([CHAINKG, "stats", "--store", neo4j_uri, "--user", "ratelimited",
                                 "--password", "wrong-password"], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
