"""RUNS on real news: rule set v5 (runs_rules) and the sole-company default of the relations
component, against v4 without it (docs/extraction.md, "RUNS on real news").

Every sentence is written for the test, with invented companies; none comes from the real-news
gold set or from the news the audits read.
"""

from __future__ import annotations

import pytest

from chainkg.extract.pipeline import build_pipeline
from chainkg.extract.rules.rule_sets import rule_set


@pytest.fixture(scope="module")
def pipelines():
    off = (("components.relation_model.enabled", False),)
    return {"shipped": build_pipeline(overrides=off),
            "before": build_pipeline(overrides=off + (("components.relations.rule_set", "v4"),
                                                      ("components.relations.sole_company", False)))}


def runs(nlp, text: str) -> set[tuple[str, str]]:
    return {(r.source.name, r.target.name) for r in nlp(text)._.relations if r.type == "RUNS"}


def test_v5_and_the_sole_company_are_shipped():
    nlp = build_pipeline(overrides=(("components.relation_model.enabled", False),))
    relations = nlp.get_pipe("relations")
    # the shipped v7 is v5 with MAKES rules (makes_lists, v6) and checks (news_checks): it keeps
    # every RUNS pair rule of v5
    assert relations.rules is rule_set("v7") and relations.sole_company
    assert [r for r in relations.rules.pair_rules if r.relation == "RUNS"] == \
        [r for r in rule_set("v5").pair_rules if r.relation == "RUNS"]
    assert set(rule_set("v5").sentence_rules) <= set(relations.rules.sentence_rules)
    assert rule_set("v5").name == "v5" and len(rule_set("v5").pair_rules) == len(rule_set("v4").pair_rules) + 2
    assert len(rule_set("v5").sentence_rules) == len(rule_set("v4").sentence_rules) + 1


# -- the sole company ------------------------------------------------------------------

def test_the_one_company_of_a_text_runs_its_plants_that_no_rule_gave_an_owner(pipelines):
    text = ("远帆汽车股份有限公司四季度交付量超出预期。该行预计苏州工厂明年上半年产量增加，柏林工厂产能也将提升。"
            "远帆汽车表示需求旺盛。")
    assert runs(pipelines["shipped"], text) == {("远帆汽车股份有限公司", "苏州工厂"), ("远帆汽车股份有限公司", "柏林工厂")}
    assert runs(pipelines["before"], text) == set()


def test_a_project_that_is_no_plant_needs_the_company_building_it_in_its_sentence(pipelines):
    builds = "星岚化工集团近日与苏州工业园区签约，未来五年将在园区建设智能材料研发项目。"
    assert ("星岚化工集团", "智能材料研发项目") in runs(pipelines["shipped"], builds)
    programme = "星岚化工集团表示，监管新规标志着偿付二期工程顺利完成。"
    assert runs(pipelines["shipped"], programme) == set()


@pytest.mark.parametrize("text", [
    # two companies: whose plant is not said
    "远帆汽车股份有限公司和青岚电池股份有限公司表示需求旺盛。该行预计苏州工厂明年上半年产量增加。",
    # a quoted name (a figure of speech) and plants counted together are no one plant of the company
    "远帆汽车股份有限公司表示需求旺盛，其“数字原料工厂”将于明年上线。远帆汽车表示将加强研发。",
    "远帆汽车股份有限公司表示，受疫情影响，日本多家电池工厂停产。远帆汽车表示需求旺盛。",
    # an honour, a visit
    "远帆汽车股份有限公司获评绿色工厂，苏州电池工厂获评省级示范。远帆汽车表示需求旺盛。",
    "远帆汽车股份有限公司代表团走访了苏州工厂，远帆汽车表示将加强交流。",
    # through a subsidiary the text does not name
    "远帆汽车股份有限公司公告，公司拟以全资子公司为实施主体，投资建设苏州电池工厂。远帆汽车表示需求旺盛。",
])
def test_no_sole_company_where_the_text_says_it_is_not_the_owner(pipelines, text):
    assert not any(name.startswith("远帆汽车") for name, _ in runs(pipelines["shipped"], text))


# -- v5: signing, a company before its plant's place ------------------------------------------

def test_a_company_that_signs_a_project_runs_it(pipelines):
    text = "青岚电池股份有限公司与远帆汽车股份有限公司签订储能电池产业园项目合作协议。"
    assert runs(pipelines["shipped"], text) == {("青岚电池股份有限公司", "储能电池产业园项目"),
                                                ("远帆汽车股份有限公司", "储能电池产业园项目")}
    assert runs(pipelines["before"], text) == set()
    partners = {(r.source.name, r.target.name) for r in pipelines["shipped"](text)._.relations
                if r.type == "PARTNERS_WITH"}
    assert partners == {("青岚电池股份有限公司", "远帆汽车股份有限公司")}


@pytest.mark.parametrize("contract", ["EPC总承包合同", "施工合同", "设备供货合同", "技术服务协议"])
def test_a_contract_to_build_supply_or_serve_a_project_is_no_ownership(pipelines, contract):
    text = f"青岚电池股份有限公司与远帆建设股份有限公司签署储能电池产业园项目{contract}。"
    assert runs(pipelines["shipped"], text) == set()


def test_a_company_before_its_plants_place_runs_the_plant(pipelines):
    text = "星岚集团重庆永川年产百万台电动车生产基地正式投产。"
    assert runs(pipelines["shipped"], text) == {("星岚集团", "年产百万台电动车生产基地")}
    assert runs(pipelines["before"], text) == set()


def test_every_member_of_a_list_that_invests_together_runs_the_project(pipelines):
    news = ("【远帆汽车：拟与青岚科技等共同投资电驱动零部件项目】远帆汽车公告，公司与青岚科技、星岚科技共同投资"
            "电驱动零部件项目，项目拟在芜湖建设。")
    owners = {name for name, project in runs(pipelines["shipped"], news) if project == "电驱动零部件项目"}
    assert owners == {"远帆汽车", "青岚科技", "星岚科技"}
    assert "远帆汽车" not in {name for name, _ in runs(pipelines["before"], news)}

