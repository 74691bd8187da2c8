"""Rule set v7 (extract/rules/news_checks.py): the checks every relation must pass and the two
shapes of news it adds, against v6 without them.

Every sentence is written for the test, with invented companies; none comes from the real-news
gold set or from the news the audits read.
"""

from __future__ import annotations

import pytest

from chainkg.extract.pipeline import build_pipeline
from chainkg.extract.rules.news_checks import reports_only, whole_thing
from chainkg.extract.rules.relation_patterns import Mention
from chainkg.extract.rules.rule_sets import rule_set
from tests.rule_pipelines import pairs, rule_set_pipelines


@pytest.fixture(scope="module")
def pipelines():
    return rule_set_pipelines("v6", "v7")


def product_at(text: str, name: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return Mention("Product", name, name, start, start + len(name))


def test_v7_is_the_default_and_only_v7_checks():
    nlp = build_pipeline(overrides=(("components.relation_model.enabled", False),))
    assert nlp.get_pipe("relations").rules is rule_set("v7")
    assert rule_set("v7").checks and not rule_set("v6").checks
    broker = Mention("Company", "星河证券", "星河证券", 0, 4)
    phone = Mention("Product", "手机", "手机", 6, 8)
    assert rule_set("v6").admits("星河证券预计手机出货量上升", "MAKES", broker, phone)
    assert not rule_set("v7").admits("星河证券预计手机出货量上升", "MAKES", broker, phone)


# -- the checks, one by one --------------------------------------------------------------

@pytest.mark.parametrize("name, reports", [
    ("星河证券", True), ("星河证券股份有限公司", True), ("中金", True), ("远舟银行", True), ("某某生意社", True),
    ("星河财经", True), ("星河证券研究所集团有限公司", False), ("远舟电池", False), ("中金岭南", False),
    ("远舟基金会科技", False),
])
def test_who_reports_is_told_by_the_end_of_its_name(name, reports):
    assert reports_only(Mention("Company", name, name, 0, len(name))) is reports


def test_a_product_must_be_written_whole():
    text = "远舟是芯片制造商关键设备的供应商，参与PPP项目，负责“源、网”建设和研究。"
    assert not whole_thing(text, product_at(text, "商关键设备"))
    assert whole_thing(text, product_at(text, "关键设备"))
    assert not whole_thing(text, Mention("Product", "PP", "PP", text.index("PPP"), text.index("PPP") + 2))
    assert not whole_thing(text, product_at(text, "源、网"))
    assert not whole_thing(text, product_at(text, "研究"))
    # a 商 that opens a name after no role noun stays
    plain = "星岚汽车推出商用车。"
    assert whole_thing(plain, product_at(plain, "商用车"))


# -- through the pipeline ----------------------------------------------------------------

def test_a_broker_forecasting_a_product_does_not_make_it(pipelines):
    text = "近期多家手机厂商发布新品。星河证券预计，折叠屏手机出货量5年内年复合增长率将超过90%。"
    assert ("星河证券", "手机") in pairs(pipelines["v6"], text, "MAKES")
    assert not any(s == "星河证券" for s, _ in pairs(pipelines["v7"], text, "MAKES"))


def test_a_brokers_headline_gives_it_no_project(pipelines):
    text = "【中金：远舟锂业锂资源项目有望提前投产】中金发布研报称，远舟锂业位于江西的锂资源项目进展顺利。"
    assert not any(s == "中金" for s, _ in pairs(pipelines["v7"], text, "RUNS"))


def test_parts_for_cars_are_not_cars(pipelines):
    text = "星岚投资8亿元的汽车配套项目在常州开工。"
    assert ("汽车配套项目", "汽车") in pairs(pipelines["v6"], text, "MAKES")
    assert ("汽车配套项目", "汽车") not in pairs(pipelines["v7"], text, "MAKES")


def test_the_company_raising_funds_runs_every_project_they_are_for(pipelines):
    text = ("据了解，星岚科技拟通过定增募资不超过12亿元，用于年产5万吨正极材料项目、远舟智能装备生产基地建设项目。"
            "远舟集团为其第一大股东。")
    expected = {("星岚科技", "年产5万吨正极材料项目"), ("星岚科技", "远舟智能装备生产基地建设项目")}
    assert expected <= pairs(pipelines["v7"], text, "RUNS")
    assert not expected & pairs(pipelines["v6"], text, "RUNS")


def test_money_for_working_capital_is_no_project(pipelines):
    text = "星岚科技公告，公司拟定增募资不超过12亿元，全部用于补充流动资金和偿还银行贷款。"
    assert pairs(pipelines["v7"], text, "RUNS") == set()


def test_a_place_this_plant_is_there(pipelines):
    text = "在江苏常州的这家锂电池隔膜生产线，工人们正在调试设备。"
    located = pairs(pipelines["v7"], text, "LOCATED_IN")
    assert any(project.endswith("生产线") and place.startswith("常州") for project, place in located)


def test_a_place_that_pays_for_a_project_holds_it(pipelines):
    text = "今年以来，常州投资12亿元的储能电池项目启动建设。"
    located = pairs(pipelines["v7"], text, "LOCATED_IN")
    assert any(project == "储能电池项目" and place.startswith("常州") for project, place in located)


def test_the_opening_place_may_name_a_zone_of_it(pipelines):
    text = "在江苏常州智能制造示范区，年产10万吨负极材料项目正在加紧建设。"

    def sentence_places(nlp):
        return {(r.source.name, r.target.name) for r in nlp(text)._.relations
                if r.type == "LOCATED_IN" and r.extractor == "sentence_place"}
    assert sentence_places(pipelines["v7"]) == {("年产10万吨负极材料项目", "常州")}
    assert sentence_places(pipelines["v6"]) == set()  # v6 had it only from the document's place


def test_a_kind_of_project_is_no_project(pipelines):
    text = "在江苏常州，远舟负极材料项目正在建设，是常州引进的重大转型项目之一。"
    for source, target in pairs(pipelines["v7"], text, "LOCATED_IN") | pairs(pipelines["v7"], text, "RUNS"):
        assert source != "转型项目" and target != "转型项目"


# -- project heads v2 and cuts v3 (extract/rules/project_names.py) -------------------------

@pytest.mark.parametrize("text, name", [
    ("星岚电器将扩大在越南的空调设备制造厂的产能。", "空调设备制造厂"),
    ("远舟石化年产120万吨乙烯装置在吉林开车成功。", "年产120万吨乙烯装置"),
    ("1955年他到莫斯科一家汽车制造厂实习。", "汽车制造厂"),
])
def test_heads_v2_find_plants_named_by_what_they_make(text, name):
    from chainkg.extract.rules.project_names import find_projects
    assert [p.name for p in find_projects(text, cuts="v3", heads="v2")] == [name]
    assert find_projects(text, cuts="v2", heads="v1") == []


@pytest.mark.parametrize("text", [
    "工业生产者出厂价格同比下降。", "储能装置和检测装置已经安装完毕。", "厂商和厂家纷纷降价。", "他带领驻厂工作组进驻。",
])
def test_heads_v2_leave_what_is_no_plant(text):
    from chainkg.extract.rules.project_names import find_projects
    assert find_projects(text, cuts="v3", heads="v2") == []


def test_cuts_v3_cut_a_journey_before_a_plant():
    from chainkg.extract.rules.project_names import find_projects
    text = "1955年4月到莫斯科斯大林汽车制造厂实习。"
    assert [p.name for p in find_projects(text, cuts="v3", heads="v2")] == ["莫斯科斯大林汽车制造厂"]


def test_a_kind_of_customer_is_no_plant():
    from chainkg.extract.rules.project_names import find_projects
    assert find_projects("远舟材料生产电子级硫酸，客户以晶圆制造厂为主。", cuts="v3", heads="v2") == []


def test_a_bracketed_place_inside_a_registered_name_is_no_seat():
    from chainkg.extract.rules.news_checks import bracketed_in_name
    text = "用于星岚重工（烟台）风电有限公司叶片项目，星岚重工（大连）表示"
    company = Mention("Company", "星岚重工", "星岚重工", 2, 6)
    place = Mention("Region", "烟台", "烟台", 7, 9)
    assert bracketed_in_name(text, company, place)
    second = text.index("星岚重工", 10)
    assert not bracketed_in_name(text, Mention("Company", "星岚重工", "星岚重工", second, second + 4),
                                 Mention("Region", "大连", "大连", second + 5, second + 7))


def test_a_clause_opening_is_no_company():
    from chainkg.extract.rules.news_checks import passes_checks
    unit = Mention("Company", "星岚热电有限公司", "星岚热电有限公司", 10, 18)
    assert not passes_checks("", "SUBSIDIARY_OF", unit, Mention("Company", "拟由控股", "拟由控股", 0, 4))
    assert passes_checks("", "SUBSIDIARY_OF", unit, Mention("Company", "远舟控股", "远舟控股", 0, 4))
