"""The rule modules of extraction on their own: company names, quantities, regions, tables.

Every text here is written for the test; the companies are invented.
"""

from __future__ import annotations

import re

import pytest

from chainkg.contract.gazetteer import GazetteerError, load_gazetteer, parse_gazetteer
from chainkg.extract.rules.amounts import find_quantities, first_full_date
from chainkg.extract.rules.company_names import RegionSpan, find_companies
from chainkg.extract.rules.project_names import find_projects, project_capacity
from chainkg.extract.rules.relation_patterns import Mention, build_skeleton, sentence_relations, table_rows


def regions_of(text: str) -> list[RegionSpan]:
    gazetteer = load_gazetteer()
    forms = sorted(gazetteer.forms, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, forms)))
    return [RegionSpan(m.start(), m.end(), gazetteer.forms[m.group()]) for m in pattern.finditer(text)]


def companies(text: str):
    mentions, infos = find_companies(text, regions_of(text))
    return [(text[m.start:m.end], m.key, m.kind) for m in mentions], infos


def test_full_name_starts_at_its_region_prefix_not_at_the_verb_before_it():
    found, _ = companies("据了解，星河锂电以全资子公司衢州星河新材料有限公司落户衢江区。")
    assert ("衢州星河新材料有限公司", "衢州星河新材料有限公司", "full") in found


def test_full_name_without_region_starts_after_a_boundary_word():
    found, _ = companies("负极方面可关注远帆碳素科技股份有限公司，它生产人造石墨。")
    assert [f[0] for f in found] == ["远帆碳素科技股份有限公司"]


def test_visit_verbs_end_before_the_name_and_country_groups_are_not_companies():
    found, _ = companies("在景德镇，总书记来到昌河飞机工业（集团）有限责任公司，考察了总装车间。")
    assert [f[0] for f in found] == ["昌河飞机工业（集团）有限责任公司"]
    found, _ = companies("中方在二十国集团提出倡议，77国集团和中国发出共同声音，远帆集团也参会。")
    assert [f[0] for f in found] == ["远帆集团"]


def test_subsidiary_word_is_not_a_company():
    found, _ = companies("星河锂电在江西九江设有子公司江西远帆矿业有限公司。")
    assert [f[0] for f in found] == ["江西远帆矿业有限公司"]


def test_short_name_defined_by_jiancheng_links_to_the_full_name():
    text = "浙江星河锂电股份有限公司（简称“星河锂电”）位于衢州。星河锂电主营碳酸锂。"
    found, infos = companies(text)
    keys = {surface: key for surface, key, _ in found}
    assert keys["星河锂电"] == keys["浙江星河锂电股份有限公司"] == "浙江星河锂电股份有限公司"
    assert "星河锂电" in infos["浙江星河锂电股份有限公司"].aliases
    assert infos["浙江星河锂电股份有限公司"].region == "浙江省"


def test_brand_of_a_full_name_is_a_short_name_without_definition():
    text = "浙江远帆钴业股份有限公司在衢州投资。远帆钴业股份今年扩产，远帆钴业也在招聘。"
    found, _ = companies(text)
    assert [(s, k) for s, k, kind in found if kind == "short"] == [
        ("远帆钴业股份", "浙江远帆钴业股份有限公司"), ("远帆钴业", "浙江远帆钴业股份有限公司")]


def test_former_name_and_group_name_join_their_company():
    text = ("远帆集团股份有限公司（原名浙江远帆压缩机股份有限公司，简称“远帆股份”）生产压缩机。"
            "青岚集团有限公司控股多家企业，青岚系企业在衢州有三家。")
    found, infos = companies(text)
    keys = {surface: key for surface, key, _ in found}
    assert keys["浙江远帆压缩机股份有限公司"] == "远帆集团股份有限公司"
    assert keys["青岚系"] == "青岚集团有限公司"
    assert "浙江远帆压缩机股份有限公司" in infos["远帆集团股份有限公司"].aliases


def test_credit_code_is_kept_with_the_name_key():
    text = "衢州远帆新材料有限公司（统一社会信用代码91330800MA2D123411）生产硫酸镍。"
    found, infos = companies(text)
    assert found[0][1] == "衢州远帆新材料有限公司"
    assert infos["衢州远帆新材料有限公司"].credit_code == "91330800MA2D123411"


@pytest.mark.parametrize("text, kind, value", [
    ("总投资约35亿元", "investment", 3.5e9),
    ("计划投资两千万元", "investment", 2e7),
    ("占地四百六十七亩", "area", 467.0),
    ("用地6670平方米", "area", 10.0),
    ("新增就业一千二百人", "jobs", 1200),
    ("达产后年产值可超过一百亿元", "output_value", 1e10),
    ("年产１０万吨", "capacity", "10万吨"),
    ("二〇二五年三月十二日", "date", "2025-03-12"),
    ("项目一期正式动工", "stage", "开工"),
])
def test_quantities_with_chinese_and_arabic_numerals(text, kind, value):
    from chainkg.contract.text import normalize
    found = [q for q in find_quantities(normalize(text)[0]) if q.kind == kind]
    assert found and found[0].value == pytest.approx(value) if isinstance(value, float) else \
        found[0].value == value


def test_document_date_is_the_first_full_date():
    assert first_full_date("发布时间：2023-09-26 来源：本网") == "2023-09-26"
    assert first_full_date("2024年5月，园区开工。2025年3月12日签约。") == "2025-03-12"
    assert first_full_date("没有日期") is None


def test_project_names_need_a_project_noun_and_stop_at_company_names():
    text = "衢州远帆新材料有限公司年产3万吨高纯硫酸镍项目开工。今年共有重大项目8个，单个项目投资不低于一亿元。"
    blocked = set(range(0, text.index("年产")))
    names = [p.name for p in find_projects(text, blocked)]
    assert names == ["年产3万吨高纯硫酸镍项目"]
    assert project_capacity(names[0]) == "3万吨"


def test_gazetteer_resolves_aliases_and_walks_up():
    gazetteer = load_gazetteer()
    assert gazetteer.resolve("衢州").name == "衢州市" and gazetteer.resolve("柯城") is None
    assert gazetteer.candidates("柯城") == ("柯城区",)  # a county's short form needs its city named
    assert [r.name for r in gazetteer.ancestors("柯城区")] == ["衢州市", "浙江省", "中国"]
    assert gazetteer.province_and_city("江山市") == ("浙江省", "衢州市")
    assert gazetteer.is_inside("衢州智造新城", "浙江省")


def test_gazetteer_refuses_an_unknown_parent():
    with pytest.raises(GazetteerError, match="unknown parent"):
        parse_gazetteer(["甲市\tcity\t乙省\t"], "x.tsv")


def test_gazetteer_reads_gb_codes_and_knows_the_town_of_huabu():
    gazetteer = load_gazetteer()
    assert gazetteer.regions["衢江区"].code == "330803" and gazetteer.codes["330800"] == "衢州市"
    assert [r.name for r in gazetteer.ancestors("华埠镇")][:2] == ["开化县", "衢州市"]
    assert gazetteer.regions["华埠镇"].level == "district"
    four_columns = parse_gazetteer(["甲省\tprovince\t\t甲"], "v1.tsv")
    assert four_columns.regions["甲省"].code is None and four_columns.codes == {}


@pytest.mark.parametrize("lines, message", [
    (["甲省\tprovince\t\t甲\t12345"], r"x\.tsv:1: code '12345' of 甲省 is not a six-digit"),
    (["甲省\tprovince\t\t\t110000", "乙省\tprovince\t\t\t110000"],
     r"x\.tsv:2: code 110000 of 乙省 is already the code of 甲省"),
    (["甲省\ttown\t\t"], r"x\.tsv:1: expected name<TAB>level"),
])
def test_gazetteer_refuses_bad_codes_and_levels(lines, message):
    with pytest.raises(GazetteerError, match=message):
        parse_gazetteer(lines, "x.tsv")


def test_table_rows_follow_their_header():
    text = "企业\t所在地\t主要产品\n远帆科技股份有限公司\t安徽芜湖\t工业机器人、伺服系统\n说明：以上为示例。"
    rows = table_rows(text)
    assert len(rows) == 1
    assert {c.column: text[c.start:c.end] for c in rows[0]} == {
        "company": "远帆科技股份有限公司", "place": "安徽芜湖", "product": "工业机器人、伺服系统"}


def _project(sentence: str, name: str, products: list[str]):
    """A project mention over ``sentence`` with the products named inside it."""
    start = sentence.index(name)
    inside = [Mention("Product", p, p, start + name.index(p), start + name.index(p) + len(p))
              for p in products]
    return Mention("Project", name, name, start, start + len(name), inside)


def _project_makes(sentence: str, name: str, products: list[str]) -> list[tuple[str, str]]:
    project = _project(sentence, name, products)
    found = sentence_relations(build_skeleton(sentence, 0, [project]))
    return [(f.source.name, f.target.name) for f in found if f.extractor == "makes_project_name"]


def test_a_product_in_a_production_project_name_is_made():
    sentence = "远帆新材料年产2万吨碳酸锂项目今年开工。"
    assert _project_makes(sentence, "年产2万吨碳酸锂项目", ["碳酸锂"]) == [("年产2万吨碳酸锂项目", "碳酸锂")]


@pytest.mark.parametrize("name, product", [
    ("废旧储能电池拆解回收项目", "储能电池"),
    ("年处理5万吨锂电池梯次利用项目", "锂电池"),
    ("动力电池检测中心项目", "动力电池"),
])
def test_a_project_that_works_on_a_product_does_not_make_it(name, product):
    sentence = f"青岚再生科技有限公司的{name}已经签约。"
    assert _project_makes(sentence, name, [product]) == []
