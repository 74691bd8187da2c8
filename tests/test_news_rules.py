"""Extraction rules for the shapes real news takes (docs/extraction.md, "Real news").

Every sentence here is written for the test, with invented companies; none comes from the
real-news gold set, whose test half is never read.
"""

from __future__ import annotations

import pytest

from chainkg.contract.facts import CompanyFact, ProjectFact, RelationFact
from chainkg.contract.vocabulary import Term, VocabularyError, general_products, read_lexicon, write_lexicon
from chainkg.extract.pipeline import build_pipeline, extract_text
from chainkg.extract.rules.project_names import find_projects


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def triples(nlp, text: str, title: str = "") -> set[tuple[str, str, str]]:
    facts = list(extract_text(text, "doc:t", title=title, nlp=nlp))
    return {(f.source.name, f.type, f.target.name) for f in facts if isinstance(f, RelationFact)}


def projects(text: str) -> list[str]:
    return [p.name for p in find_projects(text)]


# -- project mentions ------------------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("远帆汽车投资80亿元人民币的长沙星河工厂今日投产。", ["长沙星河工厂"]),
    ("在湖南株洲，一座总投资60亿元的钠离子电池工厂开工。", ["钠离子电池工厂"]),
    ("我国首个海上光伏产业园建成，深海电缆第二期生产线同时投产。", ["海上光伏产业园", "深海电缆第二期生产线"]),
    ("青岚能源年产10万吨液体硅橡胶生产线扩能项目通过验收。", ["年产10万吨液体硅橡胶生产线扩能项目"]),
    ("远帆集团和青岚电池的电池厂已经开工，一期项目明年投产。", ["电池厂", "一期项目"]),
    ("双方将在青州共建储能变流器装配产线。", ["储能变流器装配产线"]),
    # a customer's plant the products go to is no project the text reports
    ("年产2万吨碳酸锂项目位于青州，产品主要供应远帆电池的正极材料工厂。", ["年产2万吨碳酸锂项目"]),
])
def test_a_project_is_found_by_its_head_and_starts_after_the_words_before_it(text, names):
    assert projects(text) == names


@pytest.mark.parametrize("text", [
    "今年共签约重大项目58个，单个项目投资不低于一亿元。",
    "该项目进展顺利，新项目也在推进。",
    "这条高速公路项目和人民医院项目年底完工。",
    "这家企业获评国家绿色工厂。",
])
def test_generic_mentions_and_public_works_are_no_projects(text):
    assert projects(text) == []


# -- who runs a project, where it is, what it makes ---------------------------------------

def test_a_company_that_invested_in_a_named_plant_runs_it_and_the_plant_is_where_its_name_says(nlp):
    found = triples(nlp, "远帆汽车股份有限公司投资80亿元人民币的长沙星河工厂全新车型下线。")
    assert ("远帆汽车股份有限公司", "RUNS", "长沙星河工厂") in found
    assert ("长沙星河工厂", "LOCATED_IN", "长沙市") in found


def test_a_sentence_that_opens_with_its_place_puts_its_project_there(nlp):
    found = triples(nlp, "在浙江湖州，一座总投资60亿元的钠离子电池工厂不久前全面投产。")
    assert ("钠离子电池工厂", "LOCATED_IN", "湖州市") in found


def test_the_place_of_a_plant_is_not_its_company_seat(nlp):
    found = triples(nlp, "新车将由青岚汽车股份有限公司位于湖南长沙的工厂生产。")
    assert not any(s == "青岚汽车股份有限公司" and t == "LOCATED_IN" for s, t, _ in found)


def test_two_companies_own_a_plant_jointly_and_partner(nlp):
    found = triples(nlp, "远帆电池股份有限公司和青岚汽车股份有限公司的电池厂已于去年12月开工。")
    assert ("远帆电池股份有限公司", "RUNS", "电池厂") in found
    assert ("青岚汽车股份有限公司", "RUNS", "电池厂") in found
    assert {("远帆电池股份有限公司", "PARTNERS_WITH", "青岚汽车股份有限公司"),
            ("青岚汽车股份有限公司", "PARTNERS_WITH", "远帆电池股份有限公司")} & found


def test_an_announcement_runs_the_projects_it_builds_unless_a_subsidiary_is_named(nlp):
    news = "【远帆科技：拟投资7亿元建设远帆智能装备产业园二期项目】远帆科技公告，产业园二期项目将于明年开工。"
    assert ("远帆科技", "RUNS", "远帆智能装备产业园二期项目") in triples(nlp, news)
    via_subsidiary = ("远帆科技公告，公司全资子公司将投资5亿元建设年产2万吨液体硅橡胶项目。")
    assert not any(r == "RUNS" for _, r, _ in triples(nlp, via_subsidiary))


# -- companies of financial news ----------------------------------------------------------

def test_a_name_before_a_stock_code_or_an_announcement_is_a_company(nlp):
    facts = list(extract_text("星岚新材(300999)1月5日在互动平台表示，公司产能利用率良好。青峦股份公告，公司拟回购股份。",
                              "doc:t", nlp=nlp))
    names = {f.name for f in facts if isinstance(f, CompanyFact)}
    assert {"星岚新材", "青峦股份"} <= names


def test_a_subsidiary_in_apposition_and_a_joint_venture(nlp):
    assert ("远帆国际控股有限公司", "SUBSIDIARY_OF", "远帆水泥股份有限公司") in triples(
        nlp, "青岚建材拟与远帆水泥股份有限公司全资子公司远帆国际控股有限公司共同签署投资合作协议。")
    found = triples(nlp, "星岚装备公告，公司与青岚科技有限公司、远帆科技有限公司共同投资设立合资公司星岚氢能科技有限公司。")
    assert ("青岚科技有限公司", "INVESTS_IN", "星岚氢能科技有限公司") in found
    assert {("青岚科技有限公司", "PARTNERS_WITH", "远帆科技有限公司"),
            ("远帆科技有限公司", "PARTNERS_WITH", "青岚科技有限公司")} & found


# -- products -------------------------------------------------------------------------

def test_what_a_company_announces_of_its_products_and_capacity_it_makes(nlp):
    found = triples(nlp, "青峦股份在互动平台表示，公司尿素等化肥产品市场需求良好。")
    assert ("青峦股份", "MAKES", "尿素") in found
    capacity = triples(nlp, "星岚锂业在互动平台表示，目前公司拥有合计约3.45万吨/年的碳酸锂产能。")
    assert ("星岚锂业", "MAKES", "碳酸锂") in capacity


def test_general_products_are_products_and_activities_are_not(nlp):
    found = triples(nlp, "远帆能源股份有限公司主要生产煤炭、焦炭和甲醇。")
    assert {("远帆能源股份有限公司", "MAKES", p) for p in ("煤炭", "焦炭", "甲醇")} <= found
    busy = triples(nlp, "远帆文旅股份有限公司专注于游乐设备的研发、设计、生产与集成。")
    assert not any(t in ("设计", "生产与集成", "与集成") for _, _, t in busy)


def test_a_project_stem_without_plant_words_names_its_product(nlp):
    facts = list(extract_text("远帆电池股份有限公司年产5万吨高镍三元正极材料项目开工。", "doc:t", nlp=nlp))
    made = {(f.source.name, f.target.name) for f in facts if isinstance(f, RelationFact) and f.type == "MAKES"}
    assert ("年产5万吨高镍三元正极材料项目", "三元正极材料") in made or \
        any(s == "年产5万吨高镍三元正极材料项目" and "正极材料" in t for s, t in made)
    assert any(isinstance(f, ProjectFact) for f in facts)


# -- vocabularies ----------------------------------------------------------------------

def test_the_general_vocabulary_keys_aliases_by_their_first_name():
    terms = {t.text: t for t in general_products()}
    assert terms["原煤"].key == terms["煤炭"].key == "煤炭"
    assert all(t.label == "PRODUCT" for t in terms.values()) and len(terms) > 250


def test_a_lexicon_file_round_trips_and_a_bad_line_is_named(tmp_path):
    path = tmp_path / "词表.tsv"
    write_lexicon(path, [Term("COMPANY", "星岚新材", "星岚新材料股份有限公司"), Term("PRODUCT", "液体硅橡胶", "液体硅橡胶")],
                  header="测试")
    assert [t.text for t in read_lexicon(path)] == ["星岚新材", "液体硅橡胶"]
    path.write_text("COMPANY\t星岚新材\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"词表.tsv:1: expected label<TAB>text<TAB>key"):
        read_lexicon(path)


def test_a_lexicon_lets_extraction_find_a_company_only_the_graph_knew(tmp_path):
    text = "据报道，峦远今年扩产，年产能达到2万吨聚醚醚酮。"
    plain = build_pipeline()
    assert "峦远" not in {f.name for f in extract_text(text, "d", nlp=plain) if isinstance(f, CompanyFact)}
    path = tmp_path / "lexicon.tsv"
    write_lexicon(path, [Term("COMPANY", "峦远", "峦远高分子股份有限公司")])
    with_lexicon = build_pipeline(overrides=(("paths.lexicon", str(path)),))
    companies = {f.key for f in extract_text(text, "d", nlp=with_lexicon) if isinstance(f, CompanyFact)}
    assert "峦远高分子股份有限公司" in companies


def test_export_lexicon_writes_what_the_graph_knows_and_extract_finds_it(tmp_path):
    """A registry imported into a store, its lexicon exported, and extraction of a text that
    names a company only by the short name the registry gave it: the whole user path."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    cli = Path(sys.executable).with_name("chainkg")
    env = {**os.environ, "CHAINKG_STORE": f"embedded:{tmp_path / 'graph'}"}

    def run(*args):
        result = subprocess.run([str(cli), *args], env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return result

    registry = tmp_path / "名录.csv"
    registry.write_text("name,full_name,province,city,products\n"
                        "峦远高分,峦远高分子材料股份有限公司,江苏,常州,液体硅橡胶；技术服务\n", encoding="gbk")
    run("import", "companies", str(registry))
    lexicon = tmp_path / "词表.tsv"
    run("export", "lexicon", "-o", str(lexicon))
    terms = {t.text: t.label for t in read_lexicon(lexicon)}
    assert terms.get("峦远高分") == "COMPANY" and terms.get("液体硅橡胶") == "PRODUCT"
    assert "技术服务" not in terms  # a service is no product to look for
    text = tmp_path / "新闻.txt"
    text.write_text("峦远高分在江西新余开工建设年产3万吨液体硅橡胶项目。", encoding="utf-8")
    run("extract", str(text), "-o", str(tmp_path / "f.jsonl"), "--lexicon", str(lexicon))
    from chainkg.contract.facts import read_facts
    facts = list(read_facts(tmp_path / "f.jsonl"))
    assert any(isinstance(f, CompanyFact) and f.key == "峦远高分子材料股份有限公司" for f in facts)
    assert any(isinstance(f, RelationFact) and f.type == "RUNS" and f.source.key == "峦远高分子材料股份有限公司"
               for f in facts)
    run("store", "stop")
