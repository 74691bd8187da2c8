"""MAKES rules v4 (rule set v6) against rule set v5 (whose MAKES rules are v4's): lists of makers and products, a company's line of
business (docs/extraction.md, "MAKES on real news").

Every sentence is written for the test, with invented companies; none comes from the
real-news gold set or from the news the audits read.
"""

from __future__ import annotations

import pytest

from chainkg.extract.pipeline import build_pipeline
from chainkg.extract.rules.relation_patterns import split_items_v3
from chainkg.extract.rules.rule_sets import rule_set
from tests.rule_pipelines import pairs, rule_set_pipelines

A, B, C = "星岚科技股份有限公司", "远帆电子有限公司", "云澜微电子有限公司"


@pytest.fixture(scope="module")
def pipelines():
    return rule_set_pipelines("v5", "v6")


def makes(nlp, text: str) -> set[tuple[str, str]]:
    return pairs(nlp, text, "MAKES")


def test_v6_is_a_rule_set_of_its_own_and_the_default_keeps_its_rules():
    assert rule_set("v6").name == "v6" and rule_set("v5").found_rules == ()
    nlp = build_pipeline(overrides=(("components.relation_model.enabled", False),))
    shipped = nlp.get_pipe("relations").rules
    assert set(rule_set("v6").pair_rules) <= set(shipped.pair_rules)
    assert shipped.trigger_rules == rule_set("v6").trigger_rules
    assert shipped.found_rules == rule_set("v6").found_rules


@pytest.mark.parametrize("text, product", [
    (f"{A}、{B}和{C}的芯片均已量产。", "芯片"),  # a possessive
    (f"{A}、{B}、{C}等企业生产的光伏组件销往海外。", "光伏组件"),  # a production verb
])
def test_every_member_of_a_list_of_makers_makes_it(pipelines, text, product):
    assert {(x, product) for x in (A, B, C)} <= makes(pipelines["v6"], text)
    assert (B, product) not in makes(pipelines["v5"], text)


@pytest.mark.parametrize("text, nobody", [
    (f"{A}与{B}签署协议，生产车规级芯片。", B),  # two joined by 与: a partner, not a list
    (f"{A}、{B}和{C}分别生产电池、电机和芯片。", B),  # respectively: not every one of each
    (f"公司主要客户为{A}、{B}，主要生产锂电池。", B),  # a list that is an object
    (f"在{A}、{B}、{C}，他强调要抓生产谋发展。", B),  # companies visited: a place; a raw item
    (f"{A}、{B}、{C}等企业正抓生产谋发展。", B),  # a raw item read after 生产 is not spread
])
def test_lists_that_do_not_share_the_maker(pipelines, text, nobody):
    assert not any(maker == nobody for maker, _ in makes(pipelines["v6"], text))


def test_every_member_of_a_list_of_products(pipelines):
    found = makes(pipelines["v6"], f"{A}的电池、电机和电缆产品需求旺盛。")
    assert {(A, p) for p in ("电池", "电机", "电缆")} <= found
    assert (A, "电机") not in makes(pipelines["v5"], f"{A}的电池、电机和电缆产品需求旺盛。")
    assert (A, "电机") not in makes(pipelines["v6"], f"{A}的电池和电机市场份额提升。")  # a market


@pytest.mark.parametrize("text, product", [
    (f"{A}是一家以锂电池隔膜的研发、生产和销售为主营业务的企业。", "锂电池隔膜"),
    (f"{A}主要从事汽车零部件的研发、生产和销售。", "汽车零部件"),
    (f"{A}专注于沉浸式游乐设备的研发、设计、生产与集成。", "沉浸式游乐设备"),
])
def test_a_line_of_business(pipelines, text, product):
    assert (A, product) in makes(pipelines["v6"], text)
    assert (A, product) not in makes(pipelines["v5"], text)


@pytest.mark.parametrize("text", [
    f"{A}未从事锂电池隔膜的生产和销售。",  # negated
    f"{A}以市场需求的研究和推广为主。",  # no production in the chain of verbs
    f"{A}从事相关产品的研发和销售。",  # no kind of product
])
def test_no_line_of_business(pipelines, text):
    assert makes(pipelines["v6"], text) == set()


def test_a_list_after_a_colon_and_an_example_with_its_kind(pipelines):
    found = makes(pipelines["v6"], f"{A}的主要产品包括：智能门锁、扫地机器人等智能家居设备。")
    assert {(A, p) for p in ("智能门锁", "扫地机器人", "智能家居设备")} <= found
    assert split_items_v3("技术细节和产品销售等问题") == ["技术细节", "产品销售等问题"]
    assert split_items_v3("热点、噱头等情形") == ["热点", "噱头等情形"]


def test_what_a_company_is(pipelines):
    assert (A, "光伏组件") in makes(pipelines["v6"], f"{A}是国内领先的光伏组件制造商。")
    assert makes(pipelines["v6"], f"{A}是国内领先的光伏电站运营商。") == set()  # runs, does not make


@pytest.mark.parametrize("text", [f"{A}是{B}的电池供应商。", f"{A}被{B}最终选定为电池合作供应商。"])
def test_a_supplier_makes_what_it_supplies_and_its_customer_does_not(pipelines, text):
    found = makes(pipelines["v6"], text)
    assert (A, "电池") in found and (B, "电池") not in found


def test_capacities_quoted_after_a_project(pipelines):
    text = f"{A}增资用于其一期项目“5万吨/年高纯碳酸锂+2000吨/年电池级氢氧化锂”的建设。"
    found = makes(pipelines["v6"], text)
    assert {("一期项目", "碳酸锂"), ("一期项目", "电池级氢氧化锂")} <= found
    assert not any(s == "一期项目" for s, _ in makes(pipelines["v6"], f"{A}一期项目“力争年底投产”。"))


def test_a_power_project_does_not_make_its_units(pipelines):
    text = "甲乙公司超超临界燃煤发电机组项目开工。"
    assert not any(p.endswith("机组") for _, p in makes(pipelines["v6"], text))
    assert any(p.endswith("机组") for _, p in makes(pipelines["v5"], text))
    plant = makes(pipelines["v6"], "甲乙公司风电机组生产基地项目开工。")
    assert any(p.endswith("风电机组") for _, p in plant)


def test_a_product_that_rolls_off_a_line_at_a_place(pipelines):
    assert (A, "汽车") in makes(pipelines["v6"], f"{A}第十万辆汽车在合肥下线。")
    assert makes(pipelines["v6"], f"{A}第十万辆汽车在合肥展出，随后下线。") == set()


def test_a_part_of_a_plant_makes_nothing_by_its_name(pipelines):
    text = "远帆电力投资建设的甲乙电池工厂主厂房封顶。"
    assert not any(s.endswith("主厂房") for s, _ in makes(pipelines["v6"], text))
    assert any(s.endswith("主厂房") for s, _ in makes(pipelines["v5"], text))


def test_general_vocabulary_v2_is_v1_and_more():
    from chainkg.contract.vocabulary import VocabularyError, general_products
    v1, v2 = ({t.text: t.key for t in general_products(version=v)} for v in ("v1", "v2"))
    assert v1.items() <= v2.items() and v2["煤电"] == "火电" and "火电" not in v1
    with pytest.raises(VocabularyError, match="choose one of v1, v2"):
        general_products(version="v9")


def test_a_power_plant_makes_the_power_its_name_says():
    nlp = build_pipeline(overrides=(("components.relation_model.enabled", False),
                                    ("components.relations.rule_set", "v6"),
                                    ("initialize.components.lexicon.patterns.general_version", "v2")))
    assert ("甲乙煤电项目", "煤电") in makes(nlp, "甲乙煤电项目开工建设。")


@pytest.mark.parametrize("text, noise", [
    (f"{A}主要从事广播电视专业设备的研发和生产。", "电视"),  # a word inside the thing made
    (f"{A}是一家以高端装备制造和智能制造为主导的企业。", "智能"),  # 以…为主导 is no line of business
    (f"{A}是一家财税服务SaaS提供商。", "SaaS"),  # what is provided is a service
    (f"{A}主营产品包括为药品、食品等相关行业提供的检测仪器。", "食品"),  # a customer's trade
])
def test_no_product_read_off_these(pipelines, text, noise):
    assert not any(product == noise for _, product in makes(pipelines["v6"], text))


@pytest.mark.parametrize("text, noise", [
    (f"{A}的主导产品为糯米粉，主要用于生产汤圆、南瓜饼等糯米制品。", "汤圆"),  # the customer makes it
    (f"{A}的主要产品为：智能系统解决方案、电力测控装置。", "智能系统解决方案"),  # a service
    (f"{A}致力于高速铁路、城市轨道交通领域等各类产品的研发和生产。", "高速铁路"),  # fields
    (f"{A}从事汽车座椅精密调节机构组件的研发和生产。", "汽车"),  # a word inside a longer name
])
def test_no_product_read_off_these_either(pipelines, text, noise):
    assert not any(product == noise for _, product in makes(pipelines["v6"], text))
