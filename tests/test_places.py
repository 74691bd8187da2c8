"""Places: the county-level gazetteer, which region a text names, which node a place goes to,
and the hierarchy every load writes (a county's companies count for its city) on both stores.

Every sentence here is written for these tests; the companies are invented.
"""

from __future__ import annotations

import re

import pytest

from chainkg.contract.facts import CompanyFact, RelationFact
from chainkg.contract.gazetteer import (
    DEFAULT_GAZETTEER,
    GazetteerError,
    load_gazetteer,
    parse_forms,
    parse_gazetteer,
)
from chainkg.contract.places import place_from_text
from chainkg.extract.ner.features import segmenter
from chainkg.extract.pipeline import build_pipeline, extract_text
from chainkg.extract.rules.region_forms import Words, find_forms, resolve_regions
from chainkg.graph.analysis.status import analyse_gaps
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.writer import group_facts, load_facts

GAZETTEER = load_gazetteer()


# ------------------------------------------------------------------ the gazetteer file


def test_every_region_has_a_unique_key_a_known_parent_and_a_code_that_fits_it():
    regions = GAZETTEER.regions.values()
    levels = {level: sum(r.level == level for r in regions) for level in ("province", "city", "district")}
    assert levels["province"] == 34 and levels["city"] == 333 and levels["district"] >= 2847
    assert len({r.name for r in regions}) == len(GAZETTEER.regions)  # the parser also refuses a repeat
    for region in regions:
        if region.level == "country":
            assert region.parent is None and region.code is None
            continue
        parent = GAZETTEER.regions[region.parent]
        if region.code is None:  # a town or zone kept by hand: under a coded county or city
            assert parent.code, region.name
            continue
        assert re.fullmatch(r"\d{6}", region.code), region.name
        if parent.level == "country":
            assert region.code.endswith("0000"), region.name
        else:  # a county's code starts with its city's four digits, or its province's two
            assert region.code[:4 if parent.level == "city" else 2] == parent.code[:4 if parent.level == "city" else 2], \
                region.name
    assert len(GAZETTEER.codes) == sum(1 for r in regions if r.code)


def test_known_divisions_are_where_they_belong():
    assert GAZETTEER.regions["吉林市"].code == "220200" and GAZETTEER.regions["吉林市"].parent == "吉林省"
    assert GAZETTEER.resolve("吉林").name == "吉林省"  # the short form names the province
    assert [GAZETTEER.codes[c] for c in ("330802", "330803", "330881")] == ["柯城区", "衢江区", "江山市"]
    assert GAZETTEER.regions["仙桃市"].parent == "湖北省"  # a county-level city under its province
    assert [r.name for r in GAZETTEER.ancestors("南京市鼓楼区")] == ["南京市", "江苏省", "中国"]
    assert GAZETTEER.province_and_city("格尔木市") == ("青海省", "海西蒙古族藏族自治州")


def test_every_name_of_the_former_table_keeps_its_key():
    former = load_gazetteer(DEFAULT_GAZETTEER.with_name("regions.v2.tsv"))
    assert set(former.regions) <= set(GAZETTEER.regions)


def test_a_name_several_counties_share_names_none_of_them_on_its_own():
    rule = GAZETTEER.conditional["鼓楼区"]
    assert rule.condition == "context" and rule.default is None
    assert set(rule.regions) == {"南京市鼓楼区", "徐州市鼓楼区", "福州市鼓楼区", "开封市鼓楼区"}
    assert GAZETTEER.resolve("鼓楼区") is None and GAZETTEER.lookup("鼓楼") is None
    assert GAZETTEER.lookup("中山").name == "中山市" and GAZETTEER.lookup("柯城").name == "柯城区"


def test_every_conditional_form_names_known_regions_and_no_plain_form():
    for form, rule in GAZETTEER.conditional.items():
        assert form not in GAZETTEER.forms
        assert rule.regions and all(name in GAZETTEER.regions for name in rule.regions), form
        assert rule.default is None or rule.default in rule.regions


@pytest.mark.parametrize("lines, message", [
    (["柯城\tsometimes\t\t柯城区"], r"forms\.tsv:1: expected form"),
    (["柯城\tcontext\t\t乙区"], r"forms\.tsv:1: .*unknown: 乙区"),
    (["柯城\tcontext\t衢州市\t柯城区"], r"forms\.tsv:1: expected form"),
])
def test_a_bad_forms_line_is_named(lines, message):
    gazetteer = parse_gazetteer(["柯城区\tdistrict\t衢州市", "衢州市\tcity\t"], "x.tsv")
    with pytest.raises(GazetteerError, match=message):
        parse_forms(lines, gazetteer, "forms.tsv")


def test_a_form_naming_two_regions_is_refused():
    with pytest.raises(GazetteerError, match="x.tsv:2: 衢州 already names 衢州市"):
        parse_gazetteer(["衢州市\tcity\t\t衢州", "衢州县\tdistrict\t衢州市\t衢州"], "x.tsv")


# ------------------------------------------------------------------ which region a text names


def regions(text: str) -> list[tuple[str, str]]:
    jieba = segmenter()
    words = Words(lambda piece: jieba.cut(piece, HMM=False), jieba.dt.FREQ)
    found = resolve_regions(text, find_forms(text, GAZETTEER), GAZETTEER, words=words)
    return [(text[r.start:r.end], r.name) for r in found]


@pytest.mark.parametrize("text, expected", [
    # a county's short form needs its city (or itself, or a sibling) named in the text
    ("远帆公司在衢州设厂，柯城的园区供地。", [("衢州", "衢州市"), ("柯城", "柯城区")]),
    ("远帆公司的柯城园区供地。", []),
    # a name several counties share goes to the one whose city the text names
    ("南京市的鼓楼区和福州", [("南京市", "南京市"), ("鼓楼区", "南京市鼓楼区"), ("福州", "福州市")]),
    ("福州的企业落户鼓楼", [("福州", "福州市"), ("鼓楼", "福州市鼓楼区")]),
    ("鼓楼区的企业", []),
    # a documented default: the prefecture-level city, unless the text names the county's city
    ("中山的企业", [("中山", "中山市")]),
    ("大连中山区的企业", [("大连", "大连市"), ("中山区", "中山区")]),
    ("大连中山的企业", [("大连", "大连市"), ("中山", "中山区")]),
    # an ordinary word names a place only right after a region above it
    ("甘南合作的牧场", [("甘南", "甘南藏族自治州"), ("合作", "合作市")]),
    ("两家公司开展合作", []),
    ("中方表示，湖南怀化的企业", [("湖南", "湖南省"), ("怀化", "怀化市")]),
    # a match a word cuts into is no place
    ("把熄焦作为准入门槛", []),
    ("各大连锁超市", []),
    ("广州市场回暖", [("广州", "广州市")]),
    # the prefecture-level city that shares its province's name, where the text names the city
    ("吉林市的企业", [("吉林市", "吉林市")]),
    ("吉林的企业", [("吉林", "吉林省")]),
    ("吉林市场回暖", [("吉林", "吉林省")]),
    ("吉林省吉林市船营区", [("吉林省", "吉林省"), ("吉林市", "吉林市"), ("船营区", "船营区")]),
])
def test_which_region_a_text_names(text, expected):
    assert regions(text) == expected


def test_a_county_short_form_names_a_place_after_its_province_only_for_registries():
    assert place_from_text("浙江江山远帆股份有限公司", anywhere=False).district == "江山市"
    assert place_from_text("东方远帆股份有限公司", anywhere=False).province is None  # 东方 is a brand here
    assert place_from_text("吉林市远帆股份有限公司", anywhere=False).city == "吉林市"
    assert place_from_text("吉林远帆股份有限公司", anywhere=False) .city is None
    assert place_from_text("江苏省南京市鼓楼区某路1号").district == "南京市鼓楼区"


# ------------------------------------------------------------------ which node a place goes to


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def located(nlp, text: str) -> set[tuple[str, str, str]]:
    return {(f.source.name, f.target.name, f.evidence.extractor)
            for f in extract_text(text, "doc:places", nlp=nlp)
            if isinstance(f, RelationFact) and f.type == "LOCATED_IN"}


def test_a_plant_a_foreign_company_builds_is_in_the_place_the_company_is_not(nlp):
    found = located(nlp, "美国艾锐科技集团在江苏常州投资的年产5万吨正极材料项目正式投产。")
    assert ("艾锐科技集团", "美国", "located_country_before") in found
    assert ("年产5万吨正极材料项目", "常州市", "located_builds_project") in found
    assert not {f for f in found if f[0] == "艾锐科技集团" and f[1] in ("江苏省", "常州市")}


def test_a_country_or_a_place_with_a_word_for_companies_before_a_name_is_its_seat(nlp):
    assert ("博世远帆集团", "德国", "located_country_before") in located(nlp, "德国博世远帆集团与苏州签约。")
    assert ("远帆锂业股份有限公司", "衢州市", "located_descriptor") in \
        located(nlp, "衢州企业远帆锂业股份有限公司新建年产5万吨三元前驱体项目。")
    assert ("远帆汽车股份有限公司", "日本", "located_descriptor") in \
        located(nlp, "日本车企远帆汽车股份有限公司宣布涨价。")


def test_a_place_before_or_inside_a_project_name_is_the_projects(nlp):
    assert ("年产2万吨碳酸锂项目", "常州市", "located_project_possessive") in \
        located(nlp, "远帆锂业股份有限公司宣布，常州的年产2万吨碳酸锂项目开工。")
    assert ("年产2万吨碳酸锂项目", "信丰县", "located_builds_project") in \
        located(nlp, "远帆锂业股份有限公司在江西信丰投资建设年产2万吨碳酸锂项目。")
    assert ("年产2万吨碳酸锂项目", "信丰县", "located_project_name") in \
        located(nlp, "远帆锂业股份有限公司江西信丰年产2万吨碳酸锂项目开工。")


def test_a_city_sharing_its_provinces_name_is_the_city_where_the_text_names_it(nlp):
    assert ("年产2万吨碳酸锂项目", "吉林市", "located_builds_project") in \
        located(nlp, "浙江远帆锂业有限公司在吉林市建设年产2万吨碳酸锂项目。")
    assert ("远帆化学股份有限公司", "吉林省", "located_verb") in \
        located(nlp, "远帆化学股份有限公司总部位于吉林，主要生产碳酸锂。")


def test_the_place_of_a_plant_after_located_is_not_its_owners(nlp):
    assert located(nlp, "远帆汽车股份有限公司位于韩国釜山的工厂生产新车型。") == set()


def test_a_registered_names_place_is_no_relation_but_the_fact_carries_it(nlp):
    facts = list(extract_text("衢州远帆新材料有限公司主要生产硫酸钴。", "doc:name", nlp=nlp))
    assert not [f for f in facts if isinstance(f, RelationFact) and f.type == "LOCATED_IN"]
    company = next(f for f in facts if isinstance(f, CompanyFact))
    assert (company.province, company.city) == ("浙江省", "衢州市")


# ------------------------------------------------------------------ the hierarchy, on both stores

COUNTY_NEWS = "浙江远帆锂业有限公司位于衢州市柯城区，主要生产碳酸锂。"
NAME_ONLY_NEWS = "衢州远帆新材料有限公司主要生产碳酸锂。"
ELSEWHERE_NEWS = "衢州远帆材料有限公司总部位于杭州市，主要生产碳酸锂。"


def _salt_companies(store, region: str) -> list[str]:
    gaps = {g.segment: g for g in analyse_gaps(store, "lithium-battery", region)}
    return sorted(gaps["lithium-salts"].companies)


def _load(store, text: str, doc_id: str) -> None:
    report = load_facts(store, group_facts(extract_text(text, doc_id, title="测试")))
    assert report.failures == []


def test_a_countys_company_counts_for_its_city_and_province_without_chains_load(store):
    _load(store, COUNTY_NEWS, "doc:county")
    chain = store.rows("MATCH (:Region {key: '柯城区'})-[:PART_OF*1..4]->(r:Region) RETURN r.name AS name")
    assert {row["name"] for row in chain} == {"衢州市", "浙江省", "中国"}
    load_chains(store)  # the chain templates; the hierarchy was already there and is not doubled
    assert store.rows("MATCH (:Region {key: '柯城区'})-[r:PART_OF]->() RETURN count(r) AS n")[0]["n"] == 1
    for region in ("柯城区", "衢州", "浙江"):
        assert _salt_companies(store, region) == ["浙江远帆锂业有限公司"], region
    assert _salt_companies(store, "衢江区") == []


def test_a_company_its_text_places_nowhere_counts_where_its_registered_name_says(store):
    load_chains(store)
    _load(store, NAME_ONLY_NEWS, "doc:name")
    _load(store, ELSEWHERE_NEWS, "doc:elsewhere")
    seat = store.rows("MATCH (:Company {key: '衢州远帆新材料有限公司'})-[l:LOCATED_IN]->(r:Region) "
                      "RETURN r.name AS region, l.extractor AS extractor, l.confidence AS confidence")
    assert seat == [{"region": "衢州市", "extractor": "company_name", "confidence": 0.7}]
    assert _salt_companies(store, "衢州") == ["衢州远帆新材料有限公司"]  # the stated seat wins
    assert _salt_companies(store, "杭州") == ["衢州远帆材料有限公司"]
