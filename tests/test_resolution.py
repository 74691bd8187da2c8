"""Company resolution and the review queue on both stores: one company, one node, and
staff decisions that stick across re-ingests."""

from __future__ import annotations

import json

from click.testing import CliRunner

from chainkg.cli import main
from chainkg.contract.company_names import name_parts
from chainkg.contract.facts import CompanyFact, DocumentFact, Evidence, NodeRef, RelationFact
from chainkg.graph.load.curation import decide, resolution_report
from chainkg.graph.load.reviews import merge_key, relation_key, review_queue
from chainkg.graph.load.writer import group_facts, load_facts
from tests.conftest import NEO4J_PASSWORD
from tests.gap_fixture import load_gap_fixture

HUAYOU = "浙江华友钴业股份有限公司"


def _ref(key: str, label: str = "Company") -> NodeRef:
    return NodeRef(label=label, key=key, name=key)


def _makes(company: str, product: str, doc_id: str, confidence: float = 0.9) -> RelationFact:
    sentence = f"{company}生产{product}。"
    return RelationFact(type="MAKES", source=_ref(company), target=_ref(product, "Product"),
                        evidence=Evidence(doc_id=doc_id, sentence=sentence, start=0, end=len(sentence),
                                          extractor="test", confidence=confidence))


def _load(store, doc_id: str, *facts, origin: str = "document"):
    title = f"文档{doc_id}"
    return load_facts(store, group_facts([DocumentFact(id=doc_id, title=title), *facts]), origin=origin)


def _companies(store) -> list[str]:
    return [r["key"] for r in store.rows("MATCH (c:Company) RETURN c.key AS key ORDER BY key")]


def _products_of(store, key: str) -> list[str]:
    return [r["p"] for r in store.rows("MATCH (:Company {key: $k})-[:MAKES]->(p:Product) "
                                       "RETURN p.key AS p ORDER BY p", {"k": key})]


def test_name_parts_split_place_core_and_legal_form():
    parts = name_parts("江西赣锋锂业集团股份有限公司")
    assert (parts.region, parts.group_free_core, parts.is_full_name) == ("江西", "赣锋锂业", True)
    bracketed = name_parts("华金新能源材料（衢州）有限公司")
    assert bracketed.bracketed == "衢州" and bracketed.is_full_name
    assert not name_parts("华友钴业").is_full_name


def test_a_short_name_joins_the_stored_full_name(store):
    _load(store, "registry:t", CompanyFact(key=HUAYOU, name=HUAYOU), origin="registry")
    _load(store, "d1", CompanyFact(key="华友钴业", name="华友钴业"), _makes("华友钴业", "三元前驱体", "d1"))
    assert _companies(store) == [HUAYOU]
    assert _products_of(store, HUAYOU) == ["三元前驱体"]
    merge = [r for r in review_queue(store, "auto") if r["kind"] == "merge"]
    assert [(m["subject"], m["target"]) for m in merge] == [("华友钴业", HUAYOU)]


def test_a_full_name_absorbs_the_short_name_stored_before_it(store):
    _load(store, "d1", CompanyFact(key="华友钴业", name="华友钴业"), _makes("华友钴业", "三元前驱体", "d1"))
    _load(store, "d2", CompanyFact(key=HUAYOU, name=HUAYOU), _makes(HUAYOU, "硫酸镍", "d2"))
    assert _companies(store) == [HUAYOU]
    assert _products_of(store, HUAYOU) == ["三元前驱体", "硫酸镍"]
    # re-ingesting the first document reaches the merged node, not a new short-name node
    _load(store, "d1", CompanyFact(key="华友钴业", name="华友钴业"), _makes("华友钴业", "前驱体", "d1"))
    assert _companies(store) == [HUAYOU]
    assert _products_of(store, HUAYOU) == ["前驱体", "硫酸镍"]


def test_a_stock_code_joins_a_listed_company_named_differently(store):
    _load(store, "registry:ckg", CompanyFact(key=HUAYOU, name=HUAYOU, stock_code="603799"),
          origin="registry")
    other = "华友钴业股份有限公司"
    _load(store, "registry:other", CompanyFact(key=other, name=other, stock_code="603799"),
          _makes(other, "钴", "registry:other"), origin="registry")
    assert _companies(store) == [HUAYOU]


def test_a_short_name_two_companies_share_is_proposed_not_merged(store):
    a, b = "浙江华友钴业股份有限公司", "广西华友钴业有限公司"
    _load(store, "registry:t", CompanyFact(key=a, name=a), CompanyFact(key=b, name=b), origin="registry")
    _load(store, "d1", CompanyFact(key="华友钴业", name="华友钴业"), _makes("华友钴业", "钴", "d1"))
    assert _companies(store) == sorted([a, b, "华友钴业"])
    pending = review_queue(store, "pending")
    assert {r["target"] for r in pending if r["kind"] == "merge"} == {a, b}


def test_a_group_and_its_listed_company_wait_for_a_person(store):
    listed, group = "江西赣锋锂业股份有限公司", "江西赣锋锂业集团股份有限公司"
    _load(store, "registry:t", CompanyFact(key=listed, name=listed), origin="registry")
    _load(store, "d1", CompanyFact(key=group, name=group), _makes(group, "碳酸锂", "d1"))
    assert _companies(store) == sorted([listed, group])
    report = resolution_report(store)
    assert [r["key"] for r in report.pending] == [merge_key(listed, group)]
    assert report.lookalikes == []  # proposed already, so not listed twice


def test_confirming_a_merge_joins_the_nodes_and_survives_reingest(store):
    listed, group = "江西赣锋锂业股份有限公司", "江西赣锋锂业集团股份有限公司"
    _load(store, "registry:t", CompanyFact(key=listed, name=listed), origin="registry")
    _load(store, "d1", CompanyFact(key=group, name=group), _makes(group, "碳酸锂", "d1"))
    decide(store, merge_key(listed, group), "confirmed", "王审核")
    assert len(_companies(store)) == 1
    survivor = _companies(store)[0]
    assert _products_of(store, survivor) == ["碳酸锂"]
    _load(store, "d1", CompanyFact(key=group, name=group), _makes(group, "氢氧化锂", "d1"))
    assert _companies(store) == [survivor] and _products_of(store, survivor) == ["氢氧化锂"]
    done = review_queue(store, "confirmed")
    assert [(r["decided_by"], r["status"]) for r in done] == [("王审核", "confirmed")]


def test_rejecting_a_merge_keeps_two_nodes_and_silences_the_proposal(store):
    listed, group = "江西赣锋锂业股份有限公司", "江西赣锋锂业集团股份有限公司"
    _load(store, "registry:t", CompanyFact(key=listed, name=listed), origin="registry")
    _load(store, "d1", CompanyFact(key=group, name=group), _makes(group, "碳酸锂", "d1"))
    decide(store, merge_key(listed, group), "rejected", "王审核")
    _load(store, "d1", CompanyFact(key=group, name=group), _makes(group, "锂盐", "d1"))
    assert _companies(store) == sorted([listed, group])
    assert review_queue(store, "pending") == []


def test_a_bracketed_place_is_a_subsidiary_not_the_same_company(store):
    parent, local = "华金新能源材料有限公司", "华金新能源材料（衢州）有限公司"
    _load(store, "registry:t", CompanyFact(key=parent, name=parent), origin="registry")
    _load(store, "d1", CompanyFact(key=local, name=local), _makes(local, "正极材料", "d1"))
    assert _companies(store) == sorted([parent, local])
    rows = store.rows("MATCH (a:Company)-[r:SUBSIDIARY_OF]->(b:Company) "
                      "RETURN a.key AS a, b.key AS b, r.confidence AS confidence")
    assert rows == [{"a": local, "b": parent, "confidence": 0.8}]


def test_a_rejected_relation_leaves_the_gap_counts(store):
    _load(store, "d1", CompanyFact(key=HUAYOU, name=HUAYOU), _makes(HUAYOU, "钴", "d1", confidence=0.5))
    pending = [r for r in review_queue(store, "pending") if r["kind"] == "relation"]
    assert [r["key"] for r in pending] == [relation_key("MAKES", HUAYOU, "钴")]
    decide(store, pending[0]["key"], "rejected", "李审核")
    states = store.rows("MATCH (:Company)-[r:MAKES]->(:Product) RETURN r.review AS review")
    assert states == [{"review": "rejected"}]
    _load(store, "d1", CompanyFact(key=HUAYOU, name=HUAYOU), _makes(HUAYOU, "钴", "d1", confidence=0.55))
    states = store.rows("MATCH (:Company)-[r:MAKES]->(:Product) RETURN r.review AS review")
    assert states == [{"review": "rejected"}]


def test_the_cli_lists_and_decides_the_queue(store, store_spec):
    load_gap_fixture(store)
    run = lambda *args: CliRunner().invoke(  # noqa: E731
        main, [*args, "--store", store_spec, "--password", NEO4J_PASSWORD])
    key = merge_key("江西壬前驱体有限公司", "江西壬前驱体集团有限公司")
    report = run("resolve", "--report")
    assert report.exit_code == 0 and "待审核的企业合并 1 项" in report.output
    assert "江西壬前驱体集团有限公司" in report.output
    listed = json.loads(run("review", "list", "--format", "json").output)
    assert [item["key"] for item in listed if item["kind"] == "merge"] == [key]
    decided = run("review", "decide", key, "rejected", "--by", "张三")
    assert decided.exit_code == 0, decided.output
    assert json.loads(run("review", "list", "--status", "rejected", "--format", "json").output)[0][
        "decided_by"] == "张三"
    unknown = run("review", "decide", "merge:无|有", "confirmed", "--by", "张三")
    assert unknown.exit_code != 0 and "merge:无|有" in unknown.output and "Traceback" not in unknown.output
