"""MAKES rules, version 4 (rule set v6, on top of the RUNS rules of v5): lists and a company's line of business.

v3's MAKES rules give one maker and one product where news names several at once, and miss how
company profiles and financial news say what a company does:

- *a list of companies* before a production phrase (甲、乙和丙的座舱芯片, 甲、乙、丙等企业生产…):
  every member makes the product, not only the one nearest the phrase (``list_members``); a
  list of two joined by 和/与 alone is left (甲与乙签约生产… is often a partner, not a maker),
  and so is a list that is an object (主要客户为甲、乙) or one 分别 splits;
- *a list of products* after a company (甲的电池、电机和电控, 公司煤炭、硅铁等主要产品): every
  member, not only the first or last;
- *a line of business*: 以X的研发、生产和销售为主营业务, 从事X的生产和销售, 专注于X的研发、
  设计、生产与集成 (``line_of_business``), X read as a MAKES zone;
- *what the company is*: 甲是国内领先的光伏组件制造商 / 供应商 (``MAKES_MAKER_OF``);
- *a list after a colon* (主要产品包括：…) and *an example and its kind* (影院等互动体验设备:
  both), read by the trigger rule (``items = "v3"``);
- *capacities quoted after a project* (一期项目“10万吨/年甲+1000吨/年乙”: ``quoted_capacities``);
- *a product that rolls off a line at a place* (甲第一万辆汽车在乙市下线: ``MAKES_ROLLED_OUT_AT``);
- *a part of a plant* (某电厂主厂房, 总装车间) makes nothing by its name: the plant does (a phase's
  一期厂房 is a plant), nor does a power project make the units it installs (燃煤发电机组项目;
  a 风电机组生产基地 does): ``PairRule.names = "v2"``;
- *a supplier of a product* makes it (甲是乙的电池供应商, 甲被乙选定为电机供应商:
  ``MAKES_SUPPLIER_OF``), as the guide's 供应…产品; the customer does not.

Every other rule of v4 is kept as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from chainkg.extract.rules.relation_patterns import (
    _NEGATION,
    MAKE_VERBS_V2,
    NOT_A_KIND,
    C,
    Found,
    J,
    P,
    PairRule,
    R,
    Skeleton,
    _is_object,
    _subject,
    made_thing,
    product_items_v2,
    split_items_v3,
    whole_products,
)
from chainkg.extract.rules.runs_rules import RULES_V5

# 甲是国内领先的光伏组件制造商, 乙为汽车零部件供应商之一: what a company is, in one clause
MAKES_MAKER_OF = PairRule(
    "makes_maker_of", "MAKES",
    r"(?P<s>⟨C⟩)(?:也|则|目前|主要|已)?(?:是|为|系|作为)[^\ue000-\ue003。；;！？，,]{0,14}?(?P<o>⟨P⟩)"
    r"(?:(?:、|和|及|与)⟨P⟩)*(?:的)?(?:专业)?(?:生产商|制造商|生产企业|制造企业|生产厂商|生产厂家|厂商|供应商|"
    r"龙头企业)", 0.8, target_filter="made_thing")  # not 提供商: what is provided is most often a service
# 甲是乙的电池供应商, 甲被乙选定为电机合作供应商: the supplier makes what it supplies
MAKES_SUPPLIER_OF = PairRule(
    "makes_supplier_of", "MAKES",
    r"(?P<s>⟨C⟩)(?:(?:将|已|也)?(?:作为|成为|是|为|系)⟨C⟩的|被⟨C⟩⟨J⟩?[^\ue000-\ue003。；;！？，,]{0,8}?"
    r"(?:选择|选定|确定|指定|评为|列为)为?)(?P<o>⟨P⟩)(?:(?:、|和|及)⟨P⟩)*[^\ue000-\ue003。；;！？，,]{0,8}?供应商",
    0.8, target_filter="made_thing")
# 甲第一千万辆汽车在乙市下线: v3's makes_rolled_out with the place the line is at
MAKES_ROLLED_OUT_AT = PairRule(
    "makes_rolled_out_at", "MAKES",
    r"(?P<s>[⟨C⟩⟨J⟩])[^⟨C⟩⟨J⟩⟨R⟩。；;！？，,]{0,12}?(?P<o>⟨P⟩)[^⟨C⟩⟨J⟩⟨R⟩。；;！？，,]{0,10}?"
    r"在⟨R⟩+[^⟨C⟩⟨J⟩⟨R⟩。；;！？，,]{0,4}?(?:量产|下线|批量生产)", 0.8, target_filter="made_thing")

# 主要产品包括：甲、乙: the list after the colon (v2's trigger stopped at it)
# …, and not what a product is used to make (糯米粉主要用于生产汤圆: the customer makes it)
MAKE_VERBS_V3 = r"(?<!用于)(?<!用来)(?<!用以)(?:(?:主要|主营|核心)产品(?:为|是|有|包括|涵盖)[：:]|" + MAKE_VERBS_V2[3:]

_VERB = r"(?:研发|研制|设计|开发|生产|制造|销售|加工|集成|服务|推广|应用|回收|经营)"
_CHAIN = rf"(?P<chain>(?:{_VERB}(?:、|和|与|及|以及)?){{1,6}})"
# the thing dealt in, a noun phrase without 的 (从事针对…的…研究以及…的生产 is too loose to read)
_ZONE = rf"(?P<zone>[^{C}{J}{R}的，,。；;！？：:“”]{{1,40}}?)"
# 以X的研发、生产和销售为主营业务; 从事/开展/专注于X的生产和销售(业务)
_BUSINESS = (
    re.compile(rf"以{_ZONE}的?{_CHAIN}为(?:主营业务|主业|主要业务|核心业务|主(?!导))"),
    re.compile(rf"(?:从事|开展|专注于?|致力于|聚焦于?|负责){_ZONE}的{_CHAIN}"),
)
_MAKING = re.compile(r"生产|制造|销售")
# a list of fields, not of things (高速铁路、城市轨道交通领域等各类产品)
_FIELDS = re.compile(r"领域|行业")


def line_of_business(skeleton: Skeleton, discourse: object = None) -> list[Found]:
    """MAKES from a company's line of business (以X的研发、生产和销售为主营业务, 从事X的生产和
    销售): X read as a production zone, when the chain of verbs holds 生产, 制造 or 销售 and no
    negation comes before it; the maker is the clause's subject, as for a production verb."""
    text, found = skeleton.text, []
    for pattern in _BUSINESS:
        for match in pattern.finditer(text):
            if not _MAKING.search(match.group("chain")) or _NEGATION.search(text[max(0, match.start() - 3):match.start()]) \
                    or _FIELDS.search(match.group("zone")):
                continue
            subject = _subject(text, match.start(), C)
            if subject is None:
                continue
            index, weight = subject
            maker = skeleton.at[index]
            items = product_items_v2(skeleton, match.start("zone"), match.group("zone"), True, split_items_v3)
            for product, item_weight in whole_products(skeleton, items):
                if made_thing(product) and not NOT_A_KIND.search(product.name) and product.key != maker.key:
                    found.append(Found("MAKES", maker, product, "makes_line_of_business",
                                       round(0.85 * weight * item_weight, 3)))
    return found


# 一期项目“10万吨/年高纯多晶硅+1,000吨/年半导体多晶硅”: what a project is, quoted after its name
_QUOTED_CAPACITIES = re.compile(rf"{J}[“\"](?P<body>[^”\"。；;！？{C}{J}{R}]{{2,60}})[”\"]")
_CAPACITY_BEFORE = re.compile(r"(?:[\d.,]+\s*(?:万|千|亿)?(?:吨|只|台|套|辆|片|件|GWh|MW|GW)(?:/年)?的?|年产)[\u4e00-\u9fffA-Za-z]{0,4}$")


def quoted_capacities(skeleton: Skeleton, discourse: object = None) -> list[Found]:
    """MAKES from a quotation right after a project that lists capacities and their products
    (甲项目“年产5万吨乙+2万吨丙”): each product a quantity comes right before."""
    text, found = skeleton.text, []
    for match in _QUOTED_CAPACITIES.finditer(text):
        project = skeleton.at[match.start()]
        for index in range(match.start("body"), match.end("body")):
            product = skeleton.at[index]
            if text[index] == P and made_thing(product) and _CAPACITY_BEFORE.search(text, max(0, index - 12), index):
                found.append(Found("MAKES", project, product, "makes_quoted_capacity", 0.85))
    return found


_COMPANY_LIST = re.compile(rf"{C}(?:(?:、|以及|和|及|与){C})+")
_PRODUCT_LIST = re.compile(rf"{P}(?:(?:、|以及|和|及|与){P})+")
_MARKET_AFTER_LIST = re.compile(r"(?:产业链|产业|市场|行业|领域|赛道|板块|价格|需求|客户|供应商)")


# 在甲、乙、丙，…: companies visited, a place, not the subject
_PLACE_BEFORE = re.compile(r"(?:在|从|到|赴|走进|来到|走访)$")


def _list_around(pattern: re.Pattern, text: str, index: int) -> re.Match | None:
    return next((m for m in pattern.finditer(text) if m.start() <= index < m.end()), None)


def _company_list(text: str, index: int) -> re.Match | None:
    """The list of companies holding skeleton index ``index``, when it is an enumeration the
    maker belongs to: a 、 in it or three members, not an object (主要客户为甲、乙), no 分别."""
    members = _list_around(_COMPANY_LIST, text, index)
    if members is None or _is_object(text, members.start()) or _PLACE_BEFORE.search(text, 0, members.start()):
        return None
    if "、" not in members.group() and members.group().count(C) < 3:
        return None
    if "分别" in text[members.end():]:
        return None
    return members


def list_members(skeleton: Skeleton, found: list[Found]) -> list[Found]:
    """The same MAKES for every member of the list its company or its product belongs to
    (甲、乙和丙的座舱芯片; 甲的电池、电机和电控), when the product is an entity of the sentence:
    not a raw item a production word was read into (抓生产谋发展), nor a product inside a
    project's name."""
    text = skeleton.text
    more = []
    for item in (f for f in found if f.relation == "MAKES" and skeleton.index_of(f.target) is not None):
        makers, products = [item.source], [item.target]
        if item.source.label == "Company" and skeleton.index_of(item.source) is not None:
            members = _company_list(text, skeleton.index_of(item.source))
            if members:
                makers = [skeleton.at[i] for i in range(members.start(), members.end()) if text[i] == C]
        members = _list_around(_PRODUCT_LIST, text, skeleton.index_of(item.target))
        if members and not _MARKET_AFTER_LIST.match(text, members.end()):
            products = [skeleton.at[i] for i in range(members.start(), members.end())
                        if text[i] == P and made_thing(skeleton.at[i])]
        more += [Found("MAKES", maker, product, item.extractor + "+list", item.confidence)
                 for maker in makers for product in products
                 if (maker, product) != (item.source, item.target) and maker.key != product.key]
    return more


def _pair_rule_v4(rule):
    return replace(rule, names="v2") if rule.name == "makes_project_name" else rule


def _trigger_rule_v4(rule):
    return replace(rule, trigger=MAKE_VERBS_V3, items="v3") if rule.name == "makes_verb" else rule


RULES_V6 = replace(
    RULES_V5,
    name="v6",
    pair_rules=(*map(_pair_rule_v4, RULES_V5.pair_rules), MAKES_MAKER_OF, MAKES_ROLLED_OUT_AT,
                MAKES_SUPPLIER_OF),
    trigger_rules=tuple(map(_trigger_rule_v4, RULES_V5.trigger_rules)),
    sentence_rules=(*RULES_V5.sentence_rules, line_of_business, quoted_capacities),
    found_rules=(*RULES_V5.found_rules, list_members),
)
