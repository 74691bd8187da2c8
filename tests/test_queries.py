"""Every file of the query library: its header agrees with its body, and it runs on both stores.

The queries run on the gap fixture, where each of them has something to find.
"""

from __future__ import annotations

import re

import pytest

from chainkg.graph.queries import (
    QUERY_DIR,
    QueryError,
    list_queries,
    load_query,
    run_query,
    used_params,
    used_slots,
)
from tests.gap_fixture import load_gap_fixture

SAMPLES = {  # a value for every $parameter any library query takes
    "chain": "gap-test", "region": "衢州", "segment": "gap-test/cathode", "text": "前驱体",
    "names": ["江西壬前驱体有限公司", "衢州丁新材料有限公司"], "limit": 20,
    "segments": ["gap-test/precursor", "gap-test/pack"],
    "companies": ["江西壬前驱体有限公司", "广东癸前驱体有限公司", "衢州己能源有限公司"],
    "company": "衢州丁新材料有限公司", "product": "三元正极材料", "stage": "", "since": "2024",
    "source": "江西壬前驱体有限公司", "target": "衢州丁新材料有限公司",
    "pending": True, "min_share": 0.05, "status": "",
}
QUERIES = list_queries()
NAMES = [q.name for q in QUERIES]


def returned_columns(body: str) -> list[list[str]]:
    """The column names of each top-level RETURN (one per UNION part)."""
    parts = re.split(r"\bUNION\b(?:\s+ALL\b)?", _without_strings(body), flags=re.I)
    return [_aliases(part[m.end():]) for part in parts
            for m in [list(re.finditer(r"\bRETURN\s+(?:DISTINCT\s+)?", part, re.I))[-1]]]


def _without_strings(text: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)


def _aliases(clause: str) -> list[str]:
    clause = re.split(r"\b(?:ORDER\s+BY|LIMIT|SKIP)\b", clause, flags=re.I)[0]
    items, depth, current = [], 0, ""
    for char in clause:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [re.split(r"\s+AS\s+", item.strip(), flags=re.I)[-1].strip() for item in items]


def test_the_library_has_the_analysts_queries():
    wanted = {"company_profile", "product_neighbours", "segment_companies_in_region",
              "projects_by_stage", "chain_map", "relationship_evidence", "gap_local_companies",
              "gap_candidates", "chain_leaders"}
    assert wanted <= set(NAMES) and len(NAMES) >= 12


@pytest.mark.parametrize("name", NAMES)
def test_header_agrees_with_body(name):
    query = load_query(name)
    assert query.purpose, f"{name}: no Purpose line"
    assert {p.name for p in query.params} == used_params(query.body), \
        f"{name}: the Param lines and the $parameters of the body differ"
    for columns in returned_columns(query.body):
        assert columns == query.returns, f"{name}: Returns says {query.returns}, body {columns}"
    assert all(p.name in SAMPLES for p in query.params), f"{name}: add a sample to SAMPLES"


STATEMENTS = sorted(f"load/{p.stem}" for p in (QUERY_DIR / "load").glob("*.cypher"))


@pytest.mark.parametrize("name", STATEMENTS)
def test_writer_statements_declare_their_params_and_slots(name):
    query = load_query(name)
    assert query.purpose, f"{name}: no Purpose line"
    assert {p.name for p in query.params} == used_params(query.body)
    assert {s.name for s in query.slots} == used_slots(query.body)
    if query.returns:
        assert returned_columns(query.body) == [query.returns]


def test_a_slot_takes_only_a_label_or_type_of_the_contract():
    merge = load_query("load/merge_nodes")
    assert "MERGE (n:Company {key: r.key})" in merge.fill(label="Company")
    with pytest.raises(QueryError, match="cannot be"):
        merge.fill(label="Company) DETACH DELETE (x")
    with pytest.raises(QueryError, match="need values"):
        merge.fill()


def test_column_parsing_handles_nesting_and_unions():
    body = "MATCH (n) RETURN n.a AS a, collect(DISTINCT [n.b, n.c]) AS bs ORDER BY a " \
           "UNION MATCH (n) RETURN 'x, y' AS a, [] AS bs"
    assert returned_columns(body) == [["a", "bs"], ["a", "bs"]]


def test_every_query_runs_and_finds_something(store):
    load_gap_fixture(store)
    empty = []
    for query in QUERIES:
        params = {p.name: SAMPLES[p.name] for p in query.params}
        result = run_query(store, query, params, limit=None)
        assert result.columns == query.returns, query.name
        if not result.rows:
            empty.append(query.name)
    assert empty == []


def test_gap_queries_answer_the_fixture(store):
    load_gap_fixture(store)
    profile = run_query(store, load_query("company_profile"), {"company": "丁新材"}).rows
    assert profile[0]["company"] == "衢州丁新材料有限公司"
    assert profile[0]["ties"] == ["PARTNERS_WITH ← 江西壬前驱体有限公司"]  # the tie points here
    around = run_query(store, load_query("product_neighbours"), {"product": "LFP"}).rows
    assert {(r["direction"], r["neighbour_segment"]) for r in around} == {
        ("upstream", "前驱体"), ("downstream", "电芯")}
    evidence = run_query(store, load_query("relationship_evidence"),
                         {"source": "江西壬前驱体有限公司", "target": "丁新材"}).rows
    assert [(r["type"], r["title"]) for r in evidence] == [("PARTNERS_WITH", "测试新闻：衢州锂电项目与合作")]
    projects = run_query(store, load_query("projects_by_stage"),
                         {"region": "衢州", "stage": "在建", "since": ""}).rows
    assert [(p["project"], p["located_in"]) for p in projects] == [
        ("衢州己能源年产10GWh锂电池电芯项目", "衢江区")]


def test_the_library_folder_is_the_one_graph_uses():
    assert sorted(p.stem for p in QUERY_DIR.glob("*.cypher")) == NAMES
