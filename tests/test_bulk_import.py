"""The bulk path of a first load, as a user runs it against a real Neo4j server: CSV files
from ``chainkg bulk``, ``scripts/neo4j import``, a start, ``chainkg store finish-import``.
It must leave the graph the writer leaves, and the app's queries must answer on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chainkg.contract.facts import CompanyFact, DocumentFact, Evidence, NodeRef, RelationFact
from chainkg.graph.analysis.overview import graph_stats
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.writer import load_facts, read_groups
from chainkg.graph.queries import list_queries, run_query
from chainkg.graph.store import Node, Relationship, open_store
from tests.conftest import NEO4J_PASSWORD, ROOT, free_port, in_ci, missing_neo4j_tools
from tests.gap_fixture import FIXTURE
from tests.test_queries import SAMPLES

CHAINKG = str(Path(sys.executable).with_name("chainkg"))
NEWS = FIXTURE / "documents.jsonl"


def second_document(path: Path) -> Path:
    """A second document naming a company of the first by its key, with a new alias."""
    evidence = Evidence(doc_id="doc:bulk-second", sentence="衢州丁新材料向衢州己能源供应正极材料。",
                        extractor="test")
    facts = [DocumentFact(id="doc:bulk-second", title="第二篇", source="测试"),
             CompanyFact(key="衢州丁新材料有限公司", name="衢州丁新材料有限公司", aliases=["丁新材料"]),
             RelationFact(type="SUPPLIES", evidence=evidence,
                          source=NodeRef(label="Company", key="衢州丁新材料有限公司"),
                          target=NodeRef(label="Company", key="衢州己能源有限公司"))]
    path.write_text("".join(fact.to_json() + "\n" for fact in facts), encoding="utf-8")
    return path


@pytest.fixture
def server_env(tmp_path):
    """The environment of a Neo4j home of this test's own (the import needs it stopped)."""
    missing = missing_neo4j_tools()
    if missing and not in_ci():
        pytest.skip(f"Neo4j half skipped: {' and '.join(missing)} not found (CI never skips it)")
    env = {**os.environ, "CHAINKG_NEO4J_HOME": str(tmp_path / "neo4j"),
           "CHAINKG_NEO4J_PORT": str(free_port()), "NEO4J_PASSWORD": NEO4J_PASSWORD,
           "CHAINKG_NEO4J_JAVA_OPTS": "-XX:TieredStopAtLevel=1"}
    yield env
    subprocess.run([str(ROOT / "scripts" / "neo4j"), "stop"], env=env, capture_output=True)


def run(command: list[str], env: dict) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def bulk_load(facts: list[Path], out: Path, env: dict) -> str:
    """Facts to a started server by the bulk path; returns its bolt:// URI."""
    printed = run([CHAINKG, "bulk", *map(str, facts), "-o", str(out)], env)
    assert "2 documents" in printed
    run([str(ROOT / "scripts" / "neo4j"), "import", str(out)], env)
    uri = run([str(ROOT / "scripts" / "neo4j"), "start"], env).strip()
    sealed = run([CHAINKG, "store", "finish-import", "--store", uri, "--password", NEO4J_PASSWORD], env)
    assert "2 documents sealed" in sealed
    return uri


def writer_load(uri: str, facts: list[Path]) -> None:
    """The same facts through the writer, in one load (one load time, as the export has)."""
    failures: list[str] = []
    with open_store(uri, password=NEO4J_PASSWORD) as store:
        store.clear()
        store.ensure_schema()
        report = load_facts(store, (group for path in facts for group in read_groups(path, failures)))
    assert failures == [] and report.failures == []


def answers(uri: str) -> dict:
    """Counts, aliases and every library query's answer once the chain template is loaded."""
    with open_store(uri, password=NEO4J_PASSWORD) as store:
        load_chains(store, FIXTURE / "chains")
        out = {"stats": graph_stats(store),
               "aliases": store.rows("MATCH (c:Company {key: '衢州丁新材料有限公司'}) "
                                     "RETURN c.aliases AS aliases, c.origin AS origin")}
        for query in list_queries():
            params = {p.name: SAMPLES[p.name] for p in query.params}
            rows = run_query(store, query, params, limit=None).rows
            out[query.name] = sorted(map(repr, _without_times(rows)))
        return out


def _without_times(rows: list[dict]) -> list[dict]:
    """Rows without load times (each load has its own), store ids or the order of collect()."""
    return [{k: _comparable(v) for k, v in row.items()
             if "loaded" not in k and "proposed" not in k and k != "id"} for row in rows]


def _comparable(value):
    if isinstance(value, (Node, Relationship)):
        return (getattr(value, "labels", getattr(value, "type", None)),
                _comparable({k: v for k, v in value.props.items() if "loaded" not in k}))
    if isinstance(value, dict):
        return sorted((k, repr(_comparable(v))) for k, v in value.items())
    if isinstance(value, list):
        return sorted(repr(_comparable(v)) for v in value)
    return value


def test_bulk_import_gives_the_writers_graph(tmp_path, server_env, neo4j_uri):
    facts = [NEWS, second_document(tmp_path / "second.jsonl")]
    bulk_uri = bulk_load(facts, tmp_path / "bulk", server_env)
    with open_store(bulk_uri, password=NEO4J_PASSWORD) as store:  # sealed: the writer skips it
        rerun = load_facts(store, read_groups(NEWS, []))
    assert (rerun.written, rerun.unchanged) == (0, 1)
    writer_load(neo4j_uri, facts)
    bulk, written = answers(bulk_uri), answers(neo4j_uri)
    assert bulk["stats"] == written["stats"]
    assert bulk["stats"]["relationships"]["SUPPLIES"] >= 2
    assert bulk["aliases"] == written["aliases"] and "丁新材料" in bulk["aliases"][0]["aliases"]
    differing = [name for name in written if bulk[name] != written[name]]
    assert differing == []
    assert written["company_profile"], "the app's company profile answers on the fixture"


def test_a_document_met_twice_is_reported_not_written(tmp_path):
    printed = subprocess.run([CHAINKG, "bulk", str(NEWS), str(NEWS), "-o", str(tmp_path / "bulk")],
                             capture_output=True, text=True, cwd=ROOT)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("1 documents")
    assert "met again" in printed.stderr
    args = (tmp_path / "bulk" / "import.args").read_text(encoding="utf-8").splitlines()
    assert args[0] == "neo4j" and "--nodes=Document=nodes/Document.csv" in args
