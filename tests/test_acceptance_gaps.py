"""The gap answers match the documents, on both stores (issue 10's acceptance).

corpora/ is extracted once per module (the pipeline is the slow part) and loaded into each
store with the shipped chains. The expectations are what the documents say: the park has a
5万吨 high-nickel cathode project, a 5万吨 precursor project and a battery recycling project,
and 华友钴业 is already in 衢州.
"""

from __future__ import annotations

import pytest

from chainkg.contract.facts import CompanyFact
from chainkg.extract.pipeline import extract_paths, extract_text
from chainkg.graph.analysis.recommend import recommend
from chainkg.graph.analysis.status import analyse_gaps
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.writer import group_facts, load_facts
from tests.conftest import ROOT

CHAIN, REGION = "lithium-battery", "衢州"
NEW_PROJECT = ("衢州集中签约一批新能源项目。"
               "江西赣锋锂业集团股份有限公司将在衢州智造新城投资20亿元，建设年产2万吨电池级碳酸锂项目。")


@pytest.fixture(scope="module")
def corpus_facts():
    failures: list[str] = []
    facts = list(extract_paths([ROOT / "corpora"], failures))
    assert failures == []
    return facts


@pytest.fixture
def loaded(store, corpus_facts):
    load_chains(store)
    report = load_facts(store, group_facts(corpus_facts))
    assert report.failures == [] and report.written == 10
    return store


def _status(store) -> dict[str, str]:
    return {g.name: g.status for g in analyse_gaps(store, CHAIN, REGION)}


def test_the_park_projects_make_their_segments_present(loaded):
    status = _status(loaded)
    for segment in ("正极材料", "前驱体", "电池回收利用"):
        assert status[segment] != "missing", segment
    gaps = {g.name: g for g in analyse_gaps(loaded, CHAIN, REGION)}
    precursor = gaps["前驱体"]
    assert "年产5万吨三元前驱体项目" in precursor.projects
    assert any("项目" in why for why in precursor.why_local.values())


def test_huayou_is_one_company_and_never_recommended_to_quzhou(loaded, corpus_facts):
    mentioned = {f.name for f in corpus_facts if isinstance(f, CompanyFact) and "华友钴业" in f.name}
    assert mentioned  # the documents name it, by more than one name
    nodes = loaded.rows("MATCH (c:Company) WHERE c.name_core = '华友钴业' RETURN c.key AS key")
    assert [n["key"] for n in nodes] == ["浙江华友钴业股份有限公司"]
    picks = recommend(loaded, CHAIN, REGION, top=100)
    assert picks and not any("华友" in p.company for p in picks)
    assert len({p.company for p in picks}) == len(picks)  # once per list


def test_a_new_local_project_fills_its_segment_and_leaves_the_list(loaded):
    assert _status(loaded)["锂盐"] == "missing"
    assert "江西赣锋锂业集团股份有限公司" in {p.company for p in recommend(loaded, CHAIN, REGION, top=100)}
    load_facts(loaded, group_facts(extract_text(NEW_PROJECT, "doc:new-project", title="签约")))
    assert _status(loaded)["锂盐"] != "missing"
    assert "江西赣锋锂业集团股份有限公司" not in {
        p.company for p in recommend(loaded, CHAIN, REGION, top=100)}
