"""Fixtures shared by the suite: a real store of each kind, never a mock.

The Neo4j half runs against a real Neo4j 5.26 server that ``scripts/neo4j`` assembles
from Maven Central and starts once per session. Outside CI a machine without Java skips
that half with one reason; under CI=true a missing server fails the run instead.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from chainkg.graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
NEO4J_PASSWORD = "chainkg-test"
# Embedded servers outlive their clients for an idle period (600 s by default): the suite
# makes many stores, so each one's server stops some seconds after its test closed it. At
# 3 s a command that started as the previous command's server was stopping failed now and
# then with "server stopped" under full-suite load (cause not found; a session lock did not
# cure it); 20 s keeps the chained CLI calls of one test on one server.
os.environ.setdefault("CHAINKG_EMBEDDED_IDLE_S", "20")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_neo4j_tools() -> list[str]:
    """Tools scripts/neo4j needs here: java always, mvn only while nothing is built."""
    built = (ROOT / "tools" / "neo4j" / "target" / ".chainkg-build-stamp").exists()
    needed = ["java"] if built else ["java", "mvn"]
    return [tool for tool in needed if shutil.which(tool) is None]


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    """A bolt:// URI of a Neo4j server started for this session (or CHAINKG_TEST_NEO4J if set)."""
    given = os.environ.get("CHAINKG_TEST_NEO4J")
    if given:
        yield given
        return
    missing = missing_neo4j_tools()
    if missing and not in_ci():
        pytest.skip(f"Neo4j half skipped: {' and '.join(missing)} not found (CI never skips it)")
    home = tmp_path_factory.mktemp("neo4j")
    env = {**os.environ, "CHAINKG_NEO4J_HOME": str(home),
           "CHAINKG_NEO4J_PORT": str(free_port()), "NEO4J_PASSWORD": NEO4J_PASSWORD,
           # C1 only: starts in about half the CPU time; test queries are short.
           "CHAINKG_NEO4J_JAVA_OPTS": "-XX:TieredStopAtLevel=1"}
    started = subprocess.run([str(ROOT / "scripts" / "neo4j"), "start"], env=env,
                             capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(f"could not start Neo4j: {started.stdout}{started.stderr}")
    try:
        yield f"bolt://127.0.0.1:{env['CHAINKG_NEO4J_PORT']}"
    finally:
        subprocess.run([str(ROOT / "scripts" / "neo4j"), "stop"], env=env, capture_output=True)


@pytest.fixture(params=["embedded", "neo4j"])
def store_spec(request, tmp_path):
    """The spec of an empty store of each kind: ``embedded:PATH`` or a bolt:// URI."""
    if request.param == "embedded":
        return f"embedded:{tmp_path / 'graph'}"
    return request.getfixturevalue("neo4j_uri")


@pytest.fixture
def store(store_spec):
    """An open, empty store with the schema in place, closed after the test."""
    with open_store(store_spec, password=NEO4J_PASSWORD) as opened:
        opened.clear()
        opened.ensure_schema()
        yield opened


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test shows the tails of the embedded servers' own logs in its folder: a server
    that stopped under a test says why (a signal, a crash report, its keeper's last line)."""
    outcome = yield
    report = outcome.get_result()
    folder = item.funcargs.get("tmp_path") if hasattr(item, "funcargs") else None
    if not report.failed or folder is None:
        return
    for log in sorted(Path(folder).rglob("*.log")):
        if log.name in {"falkordb.log", "keeper.log"}:
            lines = log.read_text(errors="replace").splitlines()
            telling = [line for line in lines[:-5] if _TELLING.search(line)][:20]
            report.sections.append((f"embedded store log {log.relative_to(folder)}",
                                    "\n".join(telling + lines[-5:])))


# What a server's log says about why it ended: a signal and who sent it, a crash, a warning.
_TELLING = re.compile(r"crashed by signal|Killed by PID|Received SIG|exited|shutdown|"
                      r"[Ee]rror|ASSERT|OOM|# [A-Z]")
