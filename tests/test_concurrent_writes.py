"""Concurrent writes on Neo4j: a huge group written by two transactions at a time gives the
graph one transaction at a time gives, against a real server."""

from __future__ import annotations

import random

import pytest

from chainkg.contract.facts import (
    CompanyFact,
    DocumentFact,
    Evidence,
    NodeRef,
    ProductFact,
    ProjectFact,
    RelationFact,
)
from chainkg.graph.load import writer
from chainkg.graph.load.plan import LoadContext, plan_group
from chainkg.graph.load.writer import group_facts, load_facts
from chainkg.graph.store import open_store
from chainkg.graph.store.empty import EmptyGraph
from tests.conftest import NEO4J_PASSWORD

DOC = "registry:concurrent"


def registry_facts(n_companies: int = 300, n_products: int = 500, n_relations: int = 2400):
    """A registry-style group: companies, products, a few projects and many relationships
    whose ends are shared, so lanes meet on end nodes as a real registry's do."""
    rng = random.Random(14)
    companies = [f"衢州并发{i}新材料有限公司" for i in range(n_companies)]
    products = [f"并发产品{i}" for i in range(n_products)]
    projects = [f"年产{i}万吨并发项目" for i in range(20)]
    yield DocumentFact(id=DOC, title="并发写入")
    yield from (CompanyFact(key=c, name=c, aliases=[c[:6]]) for c in companies)
    yield from (ProductFact(key=p, name=p) for p in products)
    yield from (ProjectFact(key=p, name=p, investment_cny=1e8 * i) for i, p in enumerate(projects))
    evidence = Evidence(doc_id=DOC, sentence="并发测试。", extractor="test")
    shapes = [("MAKES", "Company", companies, "Product", products),
              ("SUPPLIES", "Company", companies, "Company", companies),
              ("RUNS", "Company", companies, "Project", projects)]
    for i in range(n_relations):
        kind, src, sources, dst, targets = shapes[i % 3]
        yield RelationFact(type=kind, evidence=evidence.model_copy(update={"start": i}),
                           source=NodeRef(label=src, key=rng.choice(sources)),
                           target=NodeRef(label=dst, key=rng.choice(targets)))


def graph_of(store) -> dict:
    """Counts by label and type, and some properties a lane could lose or duplicate."""
    return {
        "nodes": store.rows("MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n ORDER BY label"),
        "relationships": store.rows("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n ORDER BY type"),
        "evidence": store.rows("MATCH (a)-[r:SUPPLIES|MAKES|RUNS]->(b) "
                               "RETURN a.key AS a, type(r) AS type, b.key AS b, r.start AS start "
                               "ORDER BY start"),
        "companies": store.rows("MATCH (c:Company) RETURN c.key AS key, c.aliases AS aliases, "
                                "c.origin AS origin ORDER BY key"),
        "projects": store.rows("MATCH (p:Project) RETURN p.key AS key, p.investment_cny AS cny ORDER BY key"),
        "sealed": store.rows("MATCH (d:Document) RETURN d.id AS id, d.fingerprint IS NOT NULL AS sealed"),
    }


def load_with(uri: str, workers: int) -> tuple[dict, int]:
    """The graph a fresh load with ``workers`` transactions side by side leaves, and its retries."""
    with open_store(uri, password=NEO4J_PASSWORD, workers=workers) as store:
        store.clear()
        store.ensure_schema()
        report = load_facts(store, group_facts(registry_facts()), origin="registry")
        assert report.failures == [] and report.written == 1
        return graph_of(store), store.retries


def test_two_workers_write_the_graph_one_worker_writes(neo4j_uri, monkeypatch):
    # Units of 1,000 rows: the 3,000-odd rows of the group take the phased path with lanes.
    monkeypatch.setattr(writer, "MAX_UNIT_ROWS", 1000)
    one, _ = load_with(neo4j_uri, workers=1)
    two, _ = load_with(neo4j_uri, workers=2)  # retried deadlocks are allowed: the graph must agree
    assert one == two
    assert {row["type"]: row["n"] for row in two["relationships"]}["SUPPLIES"] == 800
    assert len(two["companies"]) == 300 and two["sealed"] == [{"id": DOC, "sealed": True}]


def test_relationship_lanes_never_share_a_start_node():
    group = next(group_facts(registry_facts()))
    context = LoadContext.read(EmptyGraph(), "registry", link_products=False)
    plan = plan_group(EmptyGraph(), group, context)
    lanes = writer._relation_lanes(plan.relations, 3)
    starts = [{row["s"] for _, params in lane for row in params["rows"]} for lane in lanes]
    assert all(starts) and not (starts[0] & starts[1] or starts[0] & starts[2] or starts[1] & starts[2])
    assert sum(len(params["rows"]) for lane in lanes for _, params in lane) == plan.relation_count


@pytest.mark.parametrize("lanes", [1, 2])
def test_phases_keep_mentions_and_the_document_in_one_lane(lanes):
    group = next(group_facts(registry_facts()))
    context = LoadContext.read(EmptyGraph(), "registry", link_products=False)
    plan = plan_group(EmptyGraph(), group, context)
    phases = writer._phases(plan, "registry", lanes)
    assert [len(phase.lanes) for phase in phases] == [1, lanes, 1, lanes, 1]
    assert sum(phase.rows for phase in phases) > 3000
