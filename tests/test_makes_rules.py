"""MAKES on real news: rules v3 against v2 (docs/extraction.md, "MAKES on real news").

Every sentence is written for the test, with invented companies; none comes from the
real-news gold set or from the news the audit reads.
"""

from __future__ import annotations

import pytest

from chainkg.extract.rules.rule_sets import rule_set
from tests.rule_pipelines import pairs, rule_set_pipelines

MAKER = "星岚新材料股份有限公司"
BUYER = "远帆汽车有限公司"


@pytest.fixture(scope="module")
def pipelines():
    return rule_set_pipelines("v2", "v3")


def makes(nlp, text: str) -> set[tuple[str, str]]:
    return pairs(nlp, text, "MAKES")


def test_v3_is_a_rule_set_of_its_own():
    assert rule_set("v3").name == "v3" and rule_set("v3") is not rule_set("v2")


@pytest.mark.parametrize("text", [
    # a market, a chain: what a company enters, not what it makes
    f"{MAKER}布局锂电池产业链。",
    f"{MAKER}布局了光伏组件市场。",
    # an input of its production
    f"{MAKER}向{BUYER}采购生产所需的芯片。",
    f"{MAKER}生产所需的碳酸锂主要来自澳大利亚。",
    # a customer's part: the supplier makes it, not the customer
    f"{MAKER}作为{BUYER}的零部件开发和生产供应商。",
])
def test_markets_inputs_and_customers_are_not_made(pipelines, text):
    assert makes(pipelines["v3"], text) == set()


@pytest.mark.parametrize("text, noise", [
    ("在一家智能工厂里，机器人正忙着装配。", "智能工厂"),
    ("青州已建成一批绿色工厂和自动化生产线。", "自动化生产线"),
])
def test_a_plant_named_as_its_product_is_no_product(pipelines, text, noise):
    assert not any(target == noise for _, target in makes(pipelines["v3"], text))


@pytest.mark.parametrize("text", [
    f"{MAKER}产品批量生产和交付顺利。",  # a verb's partner
    f"{MAKER}通过数字化改造，生产效率提高了三成。",  # a state after 生产
    f"{MAKER}新工厂因停电生产暂停。",
    f"{MAKER}去年年产值突破百亿元。",  # 年产值 is money
    f"{MAKER}推出200多项原创产品。",  # a count
    f"{MAKER}是全省最大的石油生产设施运营商。",
])
def test_words_after_a_production_cue_that_name_no_product(pipelines, text):
    assert makes(pipelines["v3"], text) == set()


def test_v2_took_the_noise_that_v3_drops(pipelines):
    text = f"{MAKER}产品批量生产和交付顺利。"
    assert makes(pipelines["v2"], text) and not makes(pipelines["v3"], text)


@pytest.mark.parametrize("text, product", [
    (f"{MAKER}主要生产电池用的隔膜材料。", "隔膜材料"),  # the later noun of 电池用的…
    (f"{MAKER}量产新一代固态电池。", "新一代固态电池"),  # 量产 and 推出 are production cues
    (f"{MAKER}推出了新款智能手机。", "智能手机"),
])
def test_what_a_production_cue_names_is_made(pipelines, text, product):
    assert (MAKER, product) in makes(pipelines["v3"], text)


def test_used_for_is_not_made(pipelines):
    assert (MAKER, "电池") not in makes(pipelines["v3"], f"{MAKER}主要生产电池用的隔膜材料。")


@pytest.mark.parametrize("text", [
    f"{MAKER}投资建设疫苗冷库项目。",  # stores a product
    f"{MAKER}投资的液化天然气出口项目开工。",  # ships it
])
def test_a_project_that_stores_or_ships_a_product_does_not_make_it(pipelines, text):
    assert makes(pipelines["v3"], text) == set() and makes(pipelines["v2"], text)


def test_a_product_right_before_another_in_a_name_only_says_which_kind(pipelines):
    found = makes(pipelines["v3"], f"{MAKER}投资建设熟料水泥生产线项目。")
    assert ("熟料水泥生产线项目", "水泥") in found and ("熟料水泥生产线项目", "熟料") not in found


@pytest.mark.parametrize("text", [
    f"{MAKER}的新车型量产下线。",
    f"{MAKER}专注于储能设备的研发、设计、生产与集成。",
])
def test_activities_listed_after_a_cue_are_no_products(pipelines, text):
    assert not any(target in ("下线", "生产", "集成") for _, target in makes(pipelines["v3"], text))


@pytest.mark.parametrize("name, made", [("锂资源", False), ("产品", False), ("智能工厂", False),
                                        ("储能电站", False), ("隔膜材料", True)])
def test_made_thing(name, made):
    from chainkg.extract.rules.relation_patterns import Mention, made_thing
    assert made_thing(Mention("Product", name, name, 0, len(name))) is made


@pytest.mark.parametrize("text, product", [
    (f"{MAKER}主要生产不锈钢棒材。", "不锈钢棒材"),  # v1 cut it to the lexicon's 不锈钢
    (f"{MAKER}主营工业机器人减速器。", "工业机器人减速器"),
])
def test_heads_v2_keep_the_whole_kind_after_a_cue(pipelines, text, product):
    assert (MAKER, product) in makes(pipelines["v3"], text)


def test_heads_v2_extend_v1():
    from chainkg.extract.rules.product_heads import PRODUCT_HEADS
    assert set(PRODUCT_HEADS["v1"]) < set(PRODUCT_HEADS["v2"]) and "棒材" not in PRODUCT_HEADS["v1"]


def test_a_company_named_by_what_it_makes(pipelines):
    text = f"作为光伏组件制造商，{MAKER}宣布扩产。"
    assert (MAKER, "光伏组件") in makes(pipelines["v3"], text)
    assert (MAKER, "光伏组件") not in makes(pipelines["v2"], text)


def test_main_products_of_a_company(pipelines):
    found = makes(pipelines["v3"], f"{MAKER}的钴酸锂、三元材料等核心产品销量大增。")
    assert {(MAKER, "钴酸锂"), (MAKER, "三元材料")} <= found


@pytest.mark.parametrize("text, pair", [
    ("远帆汽车有限公司沈阳工厂的全新车型量产下线。", ("沈阳工厂", "车型")),  # the plant's, not the company's
    (f"{MAKER}的第二代固态电池已实现量产。", (MAKER, "固态电池")),
])
def test_a_product_that_rolls_off_the_line(pipelines, text, pair):
    assert pair in makes(pipelines["v3"], text) and pair not in makes(pipelines["v2"], text)


def test_rolling_off_stops_at_the_clause(pipelines):
    text = "位于青州的这家电池工厂，每分钟就有一辆新车下线。"
    assert not any(target == "新车" for _, target in makes(pipelines["v3"], text))


@pytest.mark.parametrize("text", ["法国的多家铝制品工厂称成本增加。", "全国已建成3万余家电池工厂。"])
def test_plants_counted_together_make_nothing(pipelines, text):
    assert makes(pipelines["v3"], text) == set()


@pytest.mark.parametrize("text, product", [
    (f"{MAKER}在互动平台表示，公司吡虫啉等杀虫剂产品需求良好。", "杀虫剂"),  # the kind a list ends with
    (f"{MAKER}表示，公司去年焦煤的平均销售价格上涨。", "焦煤"),  # what it sells
    (f"{MAKER}致力于研发、生产、销售和回收溅射靶材。", "溅射靶材"),  # past the verbs' partners
    (f"{MAKER}预计明年量产电动车用逆变器使用的电源模块。", "电源模块"),  # not what it is used in
])
def test_financial_news_phrasings(pipelines, text, product):
    assert (MAKER, product) in makes(pipelines["v3"], text)


@pytest.mark.parametrize("text", [
    f"{MAKER}表示，全国新能源汽车销量持续增长。",  # a market's sales, not the company's
    f"{MAKER}订单生产与交付依然高效、高质。",
    f"{MAKER}深入生产、研发、销售一线调研。",
    "美光表示，疫情对其组装业务的产量产生了一些影响。",  # 产量产生 holds no 量产
    f"{MAKER}主营业务为生猪养殖和生猪屠宰。",  # activities
])
def test_no_product_in_these(pipelines, text):
    assert makes(pipelines["v3"], text) == set()
