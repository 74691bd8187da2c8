"""Gap analysis on the fixture chain, on both stores: every answer is known by construction."""

from __future__ import annotations

import dataclasses
import json

import pytest

from chainkg.cli import main
from chainkg.contract.facts import DocumentFact
from chainkg.contract.templates import TemplateError
from chainkg.extract.pipeline import extract_text
from chainkg.graph.analysis.chains import list_chains, list_regions
from chainkg.graph.analysis.leaders import chain_leaders
from chainkg.graph.analysis.model import GapConfig, GapError
from chainkg.graph.analysis.presence import sum_capacity
from chainkg.graph.analysis.recommend import recommend
from chainkg.graph.analysis.status import analyse_gaps, chain_map
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.writer import group_facts, load_facts
from tests.conftest import NEO4J_PASSWORD
from tests.gap_fixture import CHAIN, load_gap_fixture

EXPECTED = {  # segment: (status, action, is_break)
    "ore": ("missing", "extend", False),
    "salt": ("strong", None, False),
    "precursor": ("missing", "fill", True),
    "cathode": ("weak", "strengthen", False),
    "separator": ("weak", "strengthen", False),
    "cell": ("strong", None, False),
    "pack": ("missing", "extend", False),
    "recycling": ("missing", "fill", False),
}


@pytest.fixture
def loaded(store):
    load_gap_fixture(store)
    return store


def _by_segment(gaps):
    return {g.segment: g for g in gaps}


def test_gap_table_matches_the_construction(loaded):
    gaps = analyse_gaps(loaded, CHAIN, "衢州")
    assert {g.segment: (g.status, g.action, g.is_break) for g in gaps} == EXPECTED
    assert [g.segment for g in gaps] == [
        "ore", "salt", "precursor", "cathode", "separator", "cell", "pack", "recycling"]
    rows = _by_segment(gaps)
    assert rows["precursor"].action_zh == "补链" and "断开" in rows["precursor"].reason
    assert rows["pack"].action_zh == "延链" and "下游" in rows["pack"].reason
    assert rows["ore"].action_zh == "延链" and "上游" in rows["ore"].reason
    assert rows["cathode"].action_zh == "强链"
    assert rows["precursor"].upstream == ["salt"] and rows["precursor"].downstream == ["cathode"]


def test_a_region_includes_its_districts(loaded):
    salt = _by_segment(analyse_gaps(loaded, CHAIN, "衢州市"))["salt"]
    assert salt.companies == ["江山乙锂业有限公司", "衢州丙化学有限公司", "衢州甲锂业有限公司"]
    only_district = _by_segment(analyse_gaps(loaded, CHAIN, "衢江区"))
    assert only_district["salt"].companies == ["衢州甲锂业有限公司"]
    assert only_district["salt"].status == "weak"
    assert only_district["cell"].projects == ["衢州己能源年产10GWh锂电池电芯项目"]
    # Two missing segments in a row are both breaks; the reason names the nearest present ones.
    assert only_district["precursor"].is_break and only_district["cathode"].is_break
    assert "上游（锂盐）与下游（电芯）" in only_district["cathode"].reason


def test_local_projects_add_capacity_and_investment(loaded):
    cell = _by_segment(analyse_gaps(loaded, CHAIN, "衢州"))["cell"]
    assert cell.capacity == "10GWh"
    assert cell.investment_cny == pytest.approx(5e9)
    assert cell.companies == ["衢州己能源有限公司", "衢州戊电池有限公司"]


def test_one_supplier_serving_the_local_customers_makes_a_segment_weak(loaded):
    separator = _by_segment(analyse_gaps(loaded, CHAIN, "衢州"))["separator"]
    assert separator.dominant_supplier == "衢州庚隔膜有限公司"
    assert "100%" in separator.reason
    relaxed = GapConfig(dominant_supplier_share=1.01)
    assert _by_segment(analyse_gaps(loaded, CHAIN, "衢州", relaxed))["separator"].status == "present"


def test_thresholds_come_from_the_config(loaded):
    config = GapConfig(strong_min_companies=4, strong_min_investment_cny=1e12)
    rows = _by_segment(analyse_gaps(loaded, CHAIN, "衢州", config))
    assert rows["salt"].status == "present" and rows["cell"].status == "present"
    # Without a strong neighbour there is nothing to extend from: both become plain fills.
    assert (rows["ore"].action, rows["pack"].action) == ("fill", "fill")


def test_recommendations_rank_the_neighbouring_partner_first(loaded):
    picks = recommend(loaded, CHAIN, "衢州", segment="precursor")
    assert [p.company for p in picks] == ["江西壬前驱体有限公司", "广东癸前驱体有限公司"]
    best = picks[0]
    parts = {p.name: p for p in best.parts}
    assert list(parts) == ["product", "scale", "distance", "ties", "expansion"]
    assert parts["distance"].value == GapConfig().distance_neighbour
    assert "邻省" in parts["distance"].detail and "衢州丁新材料有限公司" in parts["ties"].detail
    assert parts["expansion"].value > 0
    assert best.score == pytest.approx(sum(p.value * p.weight for p in best.parts), abs=1e-3)
    sentences = [e.sentence for e in best.evidence]
    assert "江西壬前驱体有限公司与衢州丁新材料有限公司签署战略合作协议。" in sentences
    evidence = next(e for e in best.evidence if e.doc_id == "doc:gap-fixture-news")
    assert evidence.title == "测试新闻：衢州锂电项目与合作" and evidence.end > evidence.start


def test_recommendations_cover_every_gap_and_never_a_local_company(loaded):
    picks = recommend(loaded, CHAIN, "衢州", top=50)
    assert {p.segment for p in picks} == {"ore", "precursor", "cathode", "pack", "recycling"}
    assert not any(p.company.startswith(("衢州", "江山")) for p in picks)
    alias_match = next(p for p in picks if p.segment == "cathode")
    assert (alias_match.company, alias_match.products) == ("杭州卯正极材料有限公司", ["磷酸铁锂"])
    assert [p.score for p in picks] == sorted((p.score for p in picks), reverse=True)
    assert len(recommend(loaded, CHAIN, "衢州", top=2)) == 2


def test_chain_leaders_and_map(loaded):
    leaders = chain_leaders(loaded, CHAIN, "衢州", top=3)
    assert leaders[0].company == "衢州己能源有限公司"
    assert (leaders[0].capacity, leaders[0].local) == ("10GWh", True)
    assert next(l for l in leaders if l.company == "江西壬前驱体有限公司").local is False
    drawn = chain_map(loaded, CHAIN, "衢州")
    assert ("separator", "cell") in drawn.edges and len(drawn.edges) == 7
    assert [g.segment for g in drawn.segments][0] == "ore"


def test_unknown_names_are_refused_with_what_exists(loaded):
    with pytest.raises(GapError, match="gap-test"):
        analyse_gaps(loaded, "no-such-chain", "衢州")
    with pytest.raises(GapError, match="unknown region '衢州县'; did you mean: .*衢州市"):
        analyse_gaps(loaded, CHAIN, "衢州县")
    with pytest.raises(GapError, match="unknown region '火星'; the graph has: [^ ]+市、"):
        analyse_gaps(loaded, CHAIN, "火星")
    with pytest.raises(GapError, match="precursor"):
        recommend(loaded, CHAIN, "衢州", segment="nope")


def test_listings(loaded):
    assert list_chains(loaded) == [{"key": CHAIN, "name": "测试电池链", "segments": 8, "aliases": []}]
    regions = {r["name"]: r for r in list_regions(loaded)}
    assert regions["衢江区"]["parent"] == "衢州市" and regions["浙江省"]["level"] == "province"


def test_reingesting_a_document_keeps_templates_and_registry(loaded):
    before = analyse_gaps(loaded, CHAIN, "衢州")
    emptied = DocumentFact(id="doc:gap-fixture-news", title="撤回", source="fixture")
    load_facts(loaded, group_facts([emptied]))
    after = _by_segment(analyse_gaps(loaded, CHAIN, "衢州"))
    assert len(after) == len(before)
    assert after["salt"].status == "strong"          # registry companies stay
    assert after["cell"].projects == []              # the document's project went
    assert after["separator"].status == "present"    # and so did its supply ties


def test_loading_chains_twice_changes_nothing(loaded):
    again = load_chains(loaded, "tests/fixtures/gap_chain/chains")
    assert (again.written, again.unchanged) == (0, 2)


def test_a_bad_template_is_refused_before_anything_is_written(store, tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "key: bad\nname: 坏链\nsegments:\n  - key: a\n    name: 甲\n    tier: upstream\n"
        "    products: [甲品]\n    feeds: [zzz]\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"bad\.yaml:8: unknown feeds key 'zzz'"):
        load_chains(store, tmp_path)
    assert list_chains(store) == []


def test_capacity_sums_by_unit():
    assert sum_capacity(["10万吨", "5万吨/年", "2GWh", None, "3GWh"]) == "15万吨；5GWh"
    assert sum_capacity(["未知"]) is None


def test_results_serialise_for_the_app(loaded):
    row = dataclasses.asdict(analyse_gaps(loaded, CHAIN, "衢州")[0])
    assert {"segment", "status", "action", "companies", "reason"} <= set(row)


def test_the_cli_commands(loaded, store_spec, tmp_path):
    from click.testing import CliRunner
    run = lambda *args: CliRunner().invoke(  # noqa: E731
        main, [*args, "--store", store_spec, "--password", NEO4J_PASSWORD])
    rows = json.loads(run("gaps", "--chain", CHAIN, "--region", "衢州", "--format", "json").output)
    assert [(r["segment"], r["action"]) for r in rows][:3] == [
        ("ore", "extend"), ("salt", None), ("precursor", "fill")]
    assert {"segment", "status", "action", "companies", "reason"} <= set(rows[0])
    table = run("gaps", "--chain", CHAIN, "--region", "衢州", "--set", "strong_min_companies=9",
                "--set", "strong_min_investment_cny=1e12")
    assert table.exit_code == 0 and "补链" in table.output and "延链" not in table.output
    picks = run("recommend", "--chain", CHAIN, "--region", "衢州", "--segment", "precursor")
    assert picks.output.splitlines()[2].split()[:3] == ["1", "前驱体", "江西壬前驱体有限公司"]
    leaders = run("leaders", "--chain", CHAIN, "--region", "衢州", "--format", "json")
    assert json.loads(leaders.output)[0]["company"] == "衢州己能源有限公司"
    wrong = run("gaps", "--chain", CHAIN, "--region", "衢州", "--set", "nothing=1")
    assert wrong.exit_code == 2 and "unknown setting 'nothing'" in wrong.output
    registry = tmp_path / "名录.csv"
    registry.write_text("企业,产品\n某锂业,碳酸锂\n,碳酸锂\n", encoding="utf-8")
    imported = run("import", "companies", str(registry), "--map", "企业=name", "--map", "产品=products")
    assert imported.exit_code == 0 and f"{registry}:3: no name" in imported.output


TOWN_NEWS = "浙江远帆锂业有限公司位于开化县华埠镇，主要生产碳酸锂。"


def _salt_companies(store, region):
    return _by_segment(analyse_gaps(store, "lithium-battery", region))["lithium-salts"].companies


def _ingest(store, text, doc_id):
    load_facts(store, group_facts(extract_text(text, doc_id, title="测试")))


def test_every_load_writes_the_hierarchy_above_the_regions_it_meets(store):
    # The facts carry no PART_OF; loading them writes the gazetteer's chain above the town.
    facts = list(extract_text(TOWN_NEWS, "doc:town", title="测试"))
    assert not [f for f in facts if getattr(f, "type", None) == "PART_OF"]
    load_facts(store, group_facts(facts))
    located = store.rows("MATCH (:Company)-[:LOCATED_IN]->(r:Region) RETURN r.key AS key")
    assert [row["key"] for row in located] == ["华埠镇"]
    chain = store.rows("MATCH (:Region {key: '华埠镇'})-[:PART_OF*1..5]->(r:Region) RETURN r.name AS name")
    assert {row["name"] for row in chain} == {"开化县", "衢州市", "浙江省", "中国"}
    # The chain templates come with chains load; the town's company counts for its city and province.
    load_chains(store)
    assert _salt_companies(store, "衢州") == ["浙江远帆锂业有限公司"]
    assert _salt_companies(store, "浙江") == ["浙江远帆锂业有限公司"]
    assert _salt_companies(store, "衢江区") == []


def test_part_of_edges_do_not_grow_with_the_corpus(store):
    load_chains(store)
    count = "MATCH ()-[r:PART_OF]->() RETURN count(r) AS n"
    before = store.rows(count)[0]["n"]
    for number in range(3):
        _ingest(store, TOWN_NEWS.replace("远帆", f"远帆{number}"), f"doc:town-{number}")
    assert store.rows(count)[0]["n"] == before
    assert len(_salt_companies(store, "衢州市")) == 3
