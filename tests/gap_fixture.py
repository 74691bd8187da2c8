"""Load the gap fixture (tests/fixtures/gap_chain) into a store: chain, registry, documents.

The right answers for 衢州 are known by construction (tests/fixtures/gap_chain/README.md).
"""

from __future__ import annotations

from pathlib import Path

from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.registry import import_companies
from chainkg.graph.load.writer import load_facts, read_groups

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gap_chain"
CHAIN = "gap-test"


def load_gap_fixture(store) -> None:
    """Chain template and region table, the registry CSV, then the document facts."""
    load_chains(store, FIXTURE / "chains")
    report = import_companies(store, FIXTURE / "registry.csv")
    assert report.problems == [], report.problems
    failures: list[str] = []
    loaded = load_facts(store, read_groups(FIXTURE / "documents.jsonl", failures))
    assert failures == [] and loaded.failures == [], failures + loaded.failures
