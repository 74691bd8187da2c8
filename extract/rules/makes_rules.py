"""MAKES rules, version 3: rules v2 with the MAKES rules read against unlabelled news.

Held-out 新闻联播 paragraphs showed what v2's MAKES rules take that no one makes: a plant named
as its product (智能工厂, 自动化生产线), the words after 生产 that are no object (生产效率提高,
生产暂停, 年产值), a product named as a market or chain (布局锂电池产业链), an input (生产所需的
芯片), a verb's partner (生产和交付), and a customer's part (作为乙汽车的零部件开发和生产供应商).
v3 keeps every other rule of v2 as it is and changes only these (``MAKE_VERBS_V2`` and
``product_items_v2`` in relation_patterns, the ``made_thing`` target filter).
"""

from __future__ import annotations

from dataclasses import replace

from chainkg.extract.rules.company_pairs import RULES_V2
from chainkg.extract.rules.relation_patterns import MAKE_VERBS_V2, PairRule, RuleSet

# A customer's part: 甲是乙的零部件开发和生产供应商, 乙的电池需求 (v1 looked four characters on).
_MAKES_POSSESSIVE_V3 = (r"(?P<s>⟨C⟩)的(?P<o>⟨P⟩)(?!⟨G⟩{0,10}?(?:供应商|客户|需求|采购|用户|订单))"
                        r"(?!(?:产业链|产业|市场|行业|领域|赛道|板块|价格))")


# A company named by what it makes: 硅晶圆企业甲, 锂电池龙头乙和丙, 光伏组件制造商丁.
MAKES_DESCRIPTOR = PairRule(
    "makes_descriptor", "MAKES",
    r"(?P<o>⟨P⟩)(?:的)?(?:生产|制造)?(?:企业|厂商|厂家|生产商|制造商|供应商|龙头|巨头)(?:之一)?[，,]?"
    r"(?P<s>⟨C⟩)(?:(?:、|和|与|及)(?P<s2>⟨C⟩))?", 0.8, target_filter="made_thing")
# A product that rolls off a plant's or company's line in the same clause: 甲工厂全新车型量产下线.
MAKES_ROLLED_OUT = PairRule(
    "makes_rolled_out", "MAKES",
    r"(?P<s>[⟨C⟩⟨J⟩])[^⟨C⟩⟨J⟩⟨R⟩。；;！？，,]{0,12}?(?P<o>⟨P⟩)[^⟨C⟩⟨J⟩⟨R⟩。；;！？，,]{0,10}?"
    r"(?:量产|下线|批量生产|正式投产)", 0.8, target_filter="made_thing")
# 公司煤炭、硅铁、PVC等主要产品: v2's makes_products_of with 主要/主营/核心 before 产品.
_MAKES_PRODUCTS_OF_V3 = (r"(?P<s>⟨C⟩)(?:⟨G⟩{0,16}?[，,：:](?:公司|其))?(?:的)?(?:⟨P⟩(?:、|和|及))*(?P<o>⟨P⟩)(?:等)?"
                         r"(?:⟨P⟩)?(?:系列)?(?:主要|主营|核心|主导|拳头)?(?:产品|业务)")


# The kind a list ends with (公司吡虫啉等杀虫剂产品: 杀虫剂 too) and what a company sells by
# volume or price (公司焦煤的平均销售价格, 公司钴酸锂产品销量): the guide's "produces or sells".
MAKES_LIST_KIND = PairRule(
    "makes_list_kind", "MAKES",
    r"(?P<s>⟨C⟩)(?:⟨G⟩{0,16}?[，,：:](?:公司|其))?(?:的)?(?:⟨P⟩(?:、|和|及))*⟨P⟩等(?P<o>⟨P⟩)(?:系列)?"
    r"(?:主要|主营|核心)?(?:产品|业务)", 0.85, target_filter="made_thing")
MAKES_SOLD = PairRule(
    "makes_sold", "MAKES",
    r"(?P<s>⟨C⟩)(?:⟨G⟩{0,16}?[，,：:](?:公司|其))?[^⟨C⟩⟨P⟩⟨R⟩⟨J⟩。；;！？，,]{0,8}?(?P<o>⟨P⟩)(?:产品)?(?:的)?(?:平均)?"
    r"(?:销量|销售价格|销售均价|售价|出货量|产销量|产量)", 0.8, target_filter="made_thing")


def _pair_rule_v3(rule):
    if rule.relation != "MAKES":
        return rule
    if rule.name == "makes_possessive":
        return replace(rule, pattern=_MAKES_POSSESSIVE_V3, target_filter="made_thing")
    if rule.name == "makes_products_of":
        return replace(rule, pattern=_MAKES_PRODUCTS_OF_V3, target_filter="made_thing")
    return replace(rule, target_filter="made_thing")


def _trigger_rule_v3(rule):
    return replace(rule, trigger=MAKE_VERBS_V2, items="v2") if rule.name == "makes_verb" else rule


RULES_V3 = RuleSet("v3", (*map(_pair_rule_v3, RULES_V2.pair_rules), MAKES_DESCRIPTOR, MAKES_ROLLED_OUT, MAKES_LIST_KIND, MAKES_SOLD),
                   tuple(map(_trigger_rule_v3, RULES_V2.trigger_rules)), RULES_V2.sentence_rules)
