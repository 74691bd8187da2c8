"""Company-company rules of rule set v2 (extract/rules/company_pairs.py) and the rule-set switch.

Every sentence here is written for the test; the companies are invented. Mentions are given
by hand, so the rules are tested apart from the entity layer; the last tests run the real
pipeline with each rule set.
"""

from __future__ import annotations

import pytest

from chainkg.extract.rules.company_pairs import RULES_V2, Discourse
from chainkg.extract.rules.relation_patterns import RULES_V1, Mention, build_skeleton
from chainkg.extract.rules.rule_sets import RULE_SETS, RuleSetError, rule_set

COMPANY_TYPES = {"PARTNERS_WITH", "INVESTS_IN", "SUBSIDIARY_OF", "SUPPLIES"}


def _mentions(sentence: str, names: list[str]) -> list[Mention]:
    """A company mention at every place each name is written, longest names first."""
    taken: set[int] = set()
    mentions = []
    for name in sorted(names, key=len, reverse=True):
        start = sentence.find(name)
        while start >= 0:
            if not taken & set(range(start, start + len(name))):
                mentions.append(Mention("Company", name, name, start, start + len(name)))
                taken |= set(range(start, start + len(name)))
            start = sentence.find(name, start + 1)
    return sorted(mentions, key=lambda m: m.start)


def pairs(sentence: str, names: list[str], rules=RULES_V2, discourse: Discourse | None = None,
          announcer: str | None = None) -> set[tuple[str, str, str]]:
    """(type, source, target) of the company-company relations ``rules`` find in ``sentence``."""
    mentions = _mentions(sentence, names)
    if announcer is not None:
        discourse = discourse or Discourse()
        discourse.announcer = next(m for m in mentions if m.name == announcer)
    found = rules.relations(build_skeleton(sentence, 0, mentions), None, discourse)
    return {(f.relation, f.source.name, f.target.name) for f in found if f.relation in COMPANY_TYPES}


def partners(found: set, first: str, second: str) -> bool:
    return ("PARTNERS_WITH", first, second) in found or ("PARTNERS_WITH", second, first) in found


# ------------------------------------------------------------------ pair rules

@pytest.mark.parametrize("sentence", [
    "远帆科技与星河材料签署战略合作协议，共建电池回收体系。",
    "远帆科技牵手星河材料布局固态电池。",
])
def test_cooperation_makes_partners(sentence):
    assert partners(pairs(sentence, ["远帆科技", "星河材料"]), "远帆科技", "星河材料")


@pytest.mark.parametrize("sentence", [
    "远帆科技拟以现金增资星河材料，增资后持股20%。",
    "远帆科技持有星河材料30%的股权。",
    "远帆科技拟向星河材料增资3000万元。",
    "北辰汽车将所持有的星河材料50%的股权转让给远帆科技。",
    "远帆科技拟以自有资金2.5亿元收购星河材料51%股权。",
    "星河材料近日获得远帆科技战略投资。",
    "星河材料完成3亿元B轮融资，由远帆科技领投。",
])
def test_stakes_make_the_holder_an_investor(sentence):
    assert ("INVESTS_IN", "远帆科技", "星河材料") in pairs(sentence, ["远帆科技", "星河材料", "北辰汽车"])


@pytest.mark.parametrize("sentence, wrong", [
    ("远帆科技拟以所持北辰汽车10%股权向星河材料增资。", ("INVESTS_IN", "北辰汽车", "星河材料")),
    ("远帆科技拟收购北辰汽车股东某某持有星河材料8%的股权。", ("INVESTS_IN", "北辰汽车", "星河材料")),
])
def test_a_stake_named_in_passing_is_not_the_investor(sentence, wrong):
    assert wrong not in pairs(sentence, ["远帆科技", "星河材料", "北辰汽车"])


@pytest.mark.parametrize("sentence", [
    "远帆科技与星河材料签署股权转让协议。",
    "远帆科技与星河材料签订《债权收购协议》。",
    "远帆科技、星河材料签署股权转让协议。",
])
def test_a_deal_agreement_is_no_cooperation(sentence):
    assert not partners(pairs(sentence, ["远帆科技", "星河材料"]), "远帆科技", "星河材料")


def test_buying_a_holders_stake_invests_in_the_company_not_in_the_seller():
    found = pairs("远帆科技宣布将收购北辰汽车所持有的星河材料50%股权。", ["远帆科技", "星河材料", "北辰汽车"])
    assert ("INVESTS_IN", "远帆科技", "星河材料") in found
    assert ("INVESTS_IN", "远帆科技", "北辰汽车") not in found


@pytest.mark.parametrize("sentence", [
    "星河材料将成为远帆科技（香港）的全资控股子公司。",
    "远帆科技发布消息称，其下属星河材料全年生产电池2亿只。",
    "远帆科技控股的星河材料今年营收增长三成。",
    "星河材料的控股股东为远帆科技。",
])
def test_control_makes_a_subsidiary(sentence):
    assert ("SUBSIDIARY_OF", "星河材料", "远帆科技") in pairs(sentence, ["远帆科技", "星河材料"])


@pytest.mark.parametrize("sentence", [
    "北辰汽车向远帆科技采购驱动电机。",
    "远帆科技被北辰汽车选定为驱动电机供应商。",
    "远帆科技与北辰汽车签订驱动电机供货协议。",
    "远帆科技的驱动电机已进入北辰汽车供应链。",
])
def test_the_seller_supplies_the_buyer(sentence):
    assert ("SUPPLIES", "远帆科技", "北辰汽车") in pairs(sentence, ["远帆科技", "北辰汽车"])


def test_a_supply_chain_is_no_supply():
    sentence = "远帆科技搭建工业供应链平台服务北辰汽车。"
    assert ("SUPPLIES", "远帆科技", "北辰汽车") in pairs(sentence, ["远帆科技", "北辰汽车"], RULES_V1)
    assert not pairs(sentence, ["远帆科技", "北辰汽车"])


@pytest.mark.parametrize("sentence", [
    "远帆科技公告，终止收购星河材料51%股权。",
    "报道称远帆科技正洽谈收购星河材料。",
])
def test_a_deal_called_off_or_only_discussed_is_no_stake(sentence):
    assert ("INVESTS_IN", "远帆科技", "星河材料") in pairs(sentence, ["远帆科技", "星河材料"], RULES_V1)
    assert ("INVESTS_IN", "远帆科技", "星河材料") not in pairs(sentence, ["远帆科技", "星河材料"])


# ------------------------------------------------------------------ lists

def test_a_list_that_sets_up_a_company_partners_pairwise_and_invests_in_it():
    names = ["远帆科技", "星河材料", "北辰汽车", "宏图新能源有限公司"]
    found = pairs("远帆科技、星河材料和北辰汽车共同出资设立宏图新能源有限公司。", names)
    assert all(partners(found, a, b) for a, b in
               [("远帆科技", "星河材料"), ("远帆科技", "北辰汽车"), ("星河材料", "北辰汽车")])
    assert {("INVESTS_IN", n, "宏图新能源有限公司") for n in names[:3]} <= found


def test_a_list_after_a_partner_the_entity_layer_missed_still_sets_up_the_company():
    names = ["远帆科技", "星河材料", "宏图新能源有限公司"]
    found = pairs("某外国能源巨头与远帆科技、星河材料曾签订协议设立宏图新能源有限公司。", names)
    assert partners(found, "远帆科技", "星河材料")
    assert {("INVESTS_IN", n, "宏图新能源有限公司") for n in names[:2]} <= found


def test_a_list_that_signs_a_cooperation_agreement_partners_pairwise():
    found = pairs("远帆科技、星河材料、北辰汽车签署三方合作协议。", ["远帆科技", "星河材料", "北辰汽车"])
    assert partners(found, "星河材料", "北辰汽车") and partners(found, "远帆科技", "北辰汽车")


@pytest.mark.parametrize("sentence", [
    "三方共同出资设立宏图新能源有限公司，其中远帆科技持股45%，星河材料持股35%，北辰汽车持股20%。",
    "新设宏图新能源有限公司，远帆科技、星河材料和北辰汽车分别持股50%、30%、20%。",
])
def test_founders_stakes_each_invest_in_the_company_set_up(sentence):
    names = ["远帆科技", "星河材料", "北辰汽车", "宏图新能源有限公司"]
    found = pairs(sentence, names)
    assert {("INVESTS_IN", n, "宏图新能源有限公司") for n in names[:3]} <= found


# ------------------------------------------------------------------ words standing for companies

def test_company_word_in_an_announcement_is_the_announcer():
    sentence = "远帆科技今日晚间在投资者互动平台上表示，公司与星河材料签署了战略合作协议。"
    assert not partners(pairs(sentence, ["远帆科技", "星河材料"], RULES_V1), "远帆科技", "星河材料")
    assert partners(pairs(sentence, ["远帆科技", "星河材料"], announcer="远帆科技"), "远帆科技", "星河材料")


def test_company_word_inside_a_longer_noun_stands_for_nobody():
    found = pairs("远帆科技今日晚间在投资者互动平台上表示，合资公司与星河材料签署了战略合作协议。", ["远帆科技", "星河材料"], announcer="远帆科技")
    assert not partners(found, "远帆科技", "星河材料")


def test_subsidiary_named_without_its_owner_is_the_announcers():
    found = pairs("远帆科技公告，控股子公司星河材料拟投资5亿元扩产。", ["远帆科技", "星河材料"], announcer="远帆科技")
    assert ("SUBSIDIARY_OF", "星河材料", "远帆科技") in found


def test_both_sides_are_the_two_companies_just_named():
    discourse = Discourse()
    pairs("远帆科技与星河材料今日在杭州会面。", ["远帆科技", "星河材料"], discourse=discourse)
    found = pairs("双方共同出资设立宏图新能源有限公司。", ["宏图新能源有限公司"], discourse=discourse)
    assert {("INVESTS_IN", "远帆科技", "宏图新能源有限公司"), ("INVESTS_IN", "星河材料", "宏图新能源有限公司")} <= found
    assert partners(found, "远帆科技", "星河材料")


def test_three_sides_need_three_companies_named():
    discourse = Discourse()
    pairs("远帆科技与星河材料今日在杭州会面。", ["远帆科技", "星河材料"], discourse=discourse)
    assert not pairs("三方共同出资设立宏图新能源有限公司。", ["宏图新能源有限公司"], discourse=discourse)


def test_a_deal_in_the_negative_is_no_relation():
    found = pairs("远帆科技公告，公司未与星河材料签署任何合作协议，未向星河材料供应产品。",
                  ["远帆科技", "星河材料"], announcer="远帆科技")
    assert not found


def test_a_subsidiary_stays_one_when_its_clause_is_negative():
    found = pairs("远帆科技公告，控股子公司星河材料尚未完成样车试制。", ["远帆科技", "星河材料"], announcer="远帆科技")
    assert ("SUBSIDIARY_OF", "星河材料", "远帆科技") in found


def test_a_document_states_a_company_pair_once():
    discourse = Discourse()
    first = pairs("远帆科技与星河材料签署战略合作协议。", ["远帆科技", "星河材料"], discourse=discourse)
    again = pairs("星河材料与远帆科技签署战略合作协议。", ["远帆科技", "星河材料"], discourse=discourse)
    assert partners(first, "远帆科技", "星河材料") and not again


# ------------------------------------------------------------------ the switch

def test_rule_sets_by_name():
    assert rule_set("v1") is RULES_V1 and rule_set("v2") is RULES_V2
    assert {"v1", "v2"} <= set(RULE_SETS)


def test_unknown_rule_set_is_a_clear_error():
    with pytest.raises(RuleSetError, match=r"'v9'.*v1, v2"):
        rule_set("v9")


@pytest.fixture(scope="module")
def pipelines():
    from chainkg.extract.pipeline import build_pipeline
    return {name: build_pipeline(overrides=(("components.relation_model.enabled", False),
                                            ("components.relations.rule_set", name)))
            for name in ("v1", "v2")}


def test_the_config_chooses_the_rule_set_and_v1_lacks_what_v2_finds(pipelines):
    text = "远帆新材料股份有限公司公告，控股子公司星河锂电科技有限公司拟投资5亿元建设电池项目。"
    found = {name: {(r.source.name, r.type, r.target.name) for r in nlp(text)._.relations}
             for name, nlp in pipelines.items()}
    subsidiary = ("星河锂电科技有限公司", "SUBSIDIARY_OF", "远帆新材料股份有限公司")
    assert subsidiary in found["v2"] and subsidiary not in found["v1"]


def test_the_pipeline_refuses_an_unknown_rule_set():
    from chainkg.extract.pipeline import build_pipeline
    with pytest.raises(RuleSetError, match="v9"):
        build_pipeline(overrides=(("components.relations.rule_set", "v9"),))
