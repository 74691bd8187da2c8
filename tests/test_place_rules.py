"""LOCATED_IN on real news: rules v4 (place_rules) against v3 (docs/extraction.md, "LOCATED_IN
on real news").

Every sentence is written for the test, with invented companies; none comes from the real-news
gold set or from the news the audits read.
"""

from __future__ import annotations

import pytest

from chainkg.extract.pipeline import build_pipeline
from chainkg.extract.rules.news_checks import PLACE_RULES_V7
from chainkg.extract.rules.relation_patterns import Mention, _name_places_v2
from chainkg.extract.rules.rule_sets import rule_set
from tests.rule_pipelines import pairs, rule_set_pipelines


@pytest.fixture(scope="module")
def pipelines():
    return rule_set_pipelines("v3", "v4")


def places(nlp, text: str) -> set[tuple[str, str]]:
    return pairs(nlp, text, "LOCATED_IN")


def test_v4_is_a_rule_set_of_its_own_and_the_shipped_one_keeps_its_place_rules():
    assert rule_set("v4").name == "v4" and rule_set("v4") is not rule_set("v3")
    assert rule_set("v4").project_places == "v2" and rule_set("v3").project_places == "v1"
    nlp = build_pipeline(overrides=(("components.relation_model.enabled", False),))
    # v7: v4 with RUNS (v5) and MAKES (v6) rules, a place's plant and zones of an opening place added
    shipped = nlp.get_pipe("relations").rules
    assert shipped.project_places == "v3"
    assert [r for r in shipped.pair_rules if r.relation == "LOCATED_IN"] == \
        [r for r in rule_set("v4").pair_rules if r.relation == "LOCATED_IN"] + list(PLACE_RULES_V7)


def test_a_run_of_regions_gives_its_last_most_specific_region(pipelines):
    text = "星岚新材料股份有限公司在江苏省常州市金坛区投资建设年产5万吨正极材料项目。"
    assert places(pipelines["v4"], text) == {("年产5万吨正极材料项目", "金坛区")}
    assert ("年产5万吨正极材料项目", "常州市") in places(pipelines["v3"], text)


def test_a_project_restated_in_the_next_clause_keeps_its_place(pipelines):
    text = "星岚新材料年产5万吨正极材料项目，项目拟在安徽省芜湖市投资建设。"
    assert places(pipelines["v4"], text) == {("年产5万吨正极材料项目", "芜湖市")}


@pytest.mark.parametrize("text, wrong", [
    # a 位于 clause that modifies what follows it: the square's place, not the buyer's or the builder's
    ("星岚新材料拟购置远帆置业有限公司开发的位于合肥市蜀山区的商业广场。", "蜀山区"),
    ("据报道，远帆汽车有限公司袭击了位于合肥市蜀山区的一座仓库。", "蜀山区"),
    # 总部设在德国的 modifies the company after it
    ("远帆汽车有限公司和总部设在德国的星岚化工集团签署合作协议。", "德国"),
])
def test_an_attributive_place_clause_is_not_the_subjects_place(pipelines, text, wrong):
    def wrongly_placed(name):
        return any(target == wrong and source.startswith(("星岚新材料", "远帆")) for source, target in places(pipelines[name], text))
    assert wrongly_placed("v3") and not wrongly_placed("v4")


def test_the_company_an_attributive_seat_clause_modifies_is_placed(pipelines):
    text = "远帆汽车有限公司和总部设在德国的星岚化工集团签署合作协议。"
    assert places(pipelines["v4"], text) == {("星岚化工集团", "德国")}
    assert ("远帆汽车有限公司", "德国") in places(pipelines["v3"], text)


@pytest.mark.parametrize("text", [
    "星岚新材料股份有限公司位于合肥市蜀山区，主要生产正极材料。",
    # the noun the clause modifies is the subject itself
    "星岚新材料股份有限公司是首家落户合肥市蜀山区的正极材料企业。",
])
def test_a_subject_the_place_clause_is_said_of_keeps_it(pipelines, text):
    assert ("星岚新材料股份有限公司", "蜀山区") in places(pipelines["v4"], text)


def test_a_part_of_a_plant_gets_no_place(pipelines):
    text = "在合肥，星岚新材料的新增厂房已经封顶。"
    assert ("新增厂房", "合肥") in places(pipelines["v3"], text)
    assert places(pipelines["v4"], text) == set()


def test_projects_counted_together_get_no_place_from_the_sentence(pipelines):
    # the document's place may still be given (the relations component); the sentence rule is not
    text = "星岚新材料今年在芜湖开工储能电池项目。在合肥，五个储能电池项目同时开工。"
    v3, v4 = ([r for r in pipelines[name](text)._.relations if r.type == "LOCATED_IN"] for name in ("v3", "v4"))
    assert any(r.target.name == "合肥" and r.extractor == "sentence_place" for r in v3)
    assert not any(r.target.name == "合肥" and r.extractor == "sentence_place" for r in v4)


def test_a_countrys_name_before_a_company_inside_a_project_name_is_not_its_place():
    name = "美国云杉软件公司数据中心"
    project = Mention("Project", "p", name, 10, 10 + len(name),
                      regions=[Mention("Region", "美国", "美国", 10, 12, level="country")])
    assert _name_places_v2(project) == []
    plant = "俄罗斯云杉气田项目"
    foreign = Mention("Project", "q", plant, 0, len(plant),
                      regions=[Mention("Region", "俄罗斯", "俄罗斯", 0, 3, level="country")])
    assert [r.name for r in _name_places_v2(foreign)] == ["俄罗斯"]


@pytest.mark.parametrize("text, v1_name, v2_name", [
    ("市领导走进星岚新材料储能电池工厂。", "市领导走进星岚新材料储能电池工厂", "星岚新材料储能电池工厂"),
    ("远帆科技中标3.5亿元合肥数据中心项目。", "远帆科技中标3.5亿元合肥数据中心项目", "合肥数据中心项目"),
    ("当地引进了茶叶加工厂。", "了茶叶加工厂", "茶叶加工厂"),
])
def test_project_names_start_after_visits_tenders_and_amounts(text, v1_name, v2_name):
    from chainkg.extract.rules.project_names import find_projects
    assert [p.name for p in find_projects(text, cuts="v1")] == [v1_name]
    assert [p.name for p in find_projects(text, cuts="v2")] == [v2_name]


def test_a_development_zone_stays_in_a_project_name():
    from chainkg.extract.rules.project_names import find_projects
    assert [p.name for p in find_projects("芜湖经济技术开发区新能源汽车零部件项目", cuts="v2")] == \
        ["芜湖经济技术开发区新能源汽车零部件项目"]
