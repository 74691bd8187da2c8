"""A load killed at a random point, then run again, ends with the graph a clean run gives,
on each store; and a document whose write failed is never called unchanged afterwards.

The load runs in a child process with small units (MAX_UNIT_ROWS = 40), so every large
group is written in several units and a kill can fall between two of them: the case that
left 28,012 products missing behind an "unchanged" ChainKnowledgeGraph import.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from chainkg.contract.facts import (
    CompanyFact,
    DocumentFact,
    Evidence,
    NodeRef,
    ProductFact,
    RelationFact,
    write_facts,
)
from chainkg.graph.load.writer import group_facts, load_facts
from chainkg.graph.store import Node, open_store
from tests.conftest import NEO4J_PASSWORD

LOADER = """
import sys
from chainkg.graph.load import writer
writer.MAX_UNIT_ROWS = int(sys.argv[4])
from chainkg.graph.store import open_store
failures = []
with open_store(sys.argv[1], password=sys.argv[3]) as store:
    store.ensure_schema()
    print("start", flush=True)
    report = writer.load_facts(store, writer.read_groups(sys.argv[2], failures), origin="registry")
print(report.written, report.unchanged, len(report.failures), flush=True)
"""
STAMPS = {"loaded_at", "first_loaded_at"}


def _facts() -> list:
    facts = []
    for doc in range(12):
        doc_id = f"registry:test/{doc}"
        facts.append(DocumentFact(id=doc_id, title=f"名录{doc}"))
        size = 120 if doc % 4 == 0 else 15  # some groups need several units
        for n in range(size):
            company = f"衢州测试{doc}号{n}有限公司"
            facts.append(CompanyFact(key=company, name=company))
            facts.append(ProductFact(key=f"产品{doc}-{n}", name=f"产品{doc}-{n}"))
            facts.append(RelationFact(
                type="MAKES", source=NodeRef(label="Company", key=company),
                target=NodeRef(label="Product", key=f"产品{doc}-{n}"),
                evidence=Evidence(doc_id=doc_id, sentence=f"{company}生产产品{doc}-{n}。",
                                  extractor="test")))
    return facts


def _dump(store) -> tuple[list, list]:
    """Every node and relationship with its properties, load-time stamps left out."""
    nodes = store.rows("MATCH (n) RETURN n")
    keys = {row["n"].id: _ident(row["n"]) for row in nodes}
    node_view = sorted((row["n"].labels, sorted((k, str(v)) for k, v in row["n"].props.items()
                                                 if k not in STAMPS)) for row in nodes)
    rels = store.rows("MATCH ()-[r]->() RETURN r")
    rel_view = sorted((row["r"].type, keys[row["r"].start], keys[row["r"].end],
                       sorted((k, str(v)) for k, v in row["r"].props.items())) for row in rels)
    return node_view, rel_view


def _ident(node: Node) -> str:
    return str(node.props.get("key") or node.props.get("id"))


def _loader(spec: str, facts_file, unit_rows: int = 40) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", LOADER, spec, str(facts_file), NEO4J_PASSWORD,
                             str(unit_rows)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _load(spec: str, facts_file, *, kill_after: float | None = None) -> tuple[str, float]:
    """The loader's summary line and the seconds it spent loading (after the store opened)."""
    child = _loader(spec, facts_file)
    assert child.stdout.readline().strip() == "start"
    started = time.monotonic()
    if kill_after is not None:
        time.sleep(kill_after)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
    out, err = child.communicate(timeout=300)
    assert kill_after is not None or child.returncode == 0, err
    return out.strip(), time.monotonic() - started


def test_a_load_killed_at_a_random_point_then_rerun_equals_a_clean_run(store, store_spec, tmp_path):
    facts_file = tmp_path / "facts.jsonl"
    with facts_file.open("w", encoding="utf-8") as handle:
        write_facts(_facts(), handle)
    _, clean_s = _load(store_spec, facts_file)
    clean = _dump(store)

    seed = int(os.environ.get("CHAINKG_KILL_SEED", time.time_ns() % 100_000))
    kill_after = random.Random(seed).uniform(0.05, clean_s * 0.9)
    store.clear()
    _load(store_spec, facts_file, kill_after=kill_after)
    summary, _ = _load(store_spec, facts_file)
    assert _dump(store) == clean, f"seed {seed}: killed after {kill_after:.2f} s, rerun said {summary}"
    again, _ = _load(store_spec, facts_file)
    assert again.split()[:2] == ["0", "12"], f"a third run should change nothing, said {again}"


def test_two_loads_at_once_end_as_one_load(store, store_spec, tmp_path):
    """Each group one unit, as documents are (docs/stores.md: two imports of one registry
    file split into several units must not run at once)."""
    facts_file = tmp_path / "facts.jsonl"
    with facts_file.open("w", encoding="utf-8") as handle:
        write_facts(_facts(), handle)
    loads = [_loader(store_spec, facts_file, unit_rows=50_000)]
    loads[0].communicate(timeout=300)
    once = _dump(store)
    store.clear()
    loads = [_loader(store_spec, facts_file, unit_rows=50_000) for _ in range(2)]
    for load in loads:
        _, err = load.communicate(timeout=300)
        assert load.returncode == 0, err
    assert _dump(store) == once


def test_a_document_whose_write_failed_is_redone_not_unchanged(tmp_path):
    """The embedded store cannot hold a NUL: the write fails, and so does every rerun, honestly."""
    with open_store(f"embedded:{tmp_path / 'g'}") as store:
        store.ensure_schema()
        sentence = "衢州远帆新材料有限公司生产硫酸钴。\x00"
        facts = [DocumentFact(id="d1"), RelationFact(
            type="MAKES", source=NodeRef(label="Company", key="衢州远帆新材料有限公司"),
            target=NodeRef(label="Product", key="硫酸钴"),
            evidence=Evidence(doc_id="d1", sentence=sentence, extractor="test"))]
        first = load_facts(store, group_facts(facts))
        second = load_facts(store, group_facts(facts))
        assert first.failures and "NUL" in first.failures[0]
        assert second.unchanged == 0 and second.failures
