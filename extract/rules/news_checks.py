"""Rule set v7: rules v6 with checks that every relation must pass, and two shapes of news.

The checks are read off the false relations of the later dev draw (gold/extension.jsonl,
scored blind with rules v6) and hold for any rule, the relations component's defaults
included (a news item's announcer, its one company):

- *who reports does not make*: a broker, a bank, a fund, an exchange or a news outlet named
  in a text runs no project and makes no product there (中信证券预计，折叠屏手机出货量…;
  【中金：锂资源项目…】 is the broker's view of somebody's project);
- *a product is a thing, written whole*: no list (源、网), no activity (研究), no tail of the
  word before it (制造商关键设备 is no 商关键设备), no piece of a Latin word (PPP项目 makes no PP);
- *parts for a product are not the product*: 汽车配套项目 makes parts for cars, not cars;
- *a kind is no project*: 是山西引进的重大转型项目之一 names a kind the project is one of;
- *a clause is no company*: 拟由控股子公司… gives no company 拟由控股;
- *a bracketed place inside a registered name is no seat*: 大金重工（烟台）风电有限公司 says
  nothing of where 大金重工 is.

The shapes:

- *funds raised for projects*: 甲公司拟定增募资10亿元，用于乙项目、丙项目: the company raising
  the money runs every project it is for (the announcer when the text says 公司);
- *a place's plant*: 陕西咸阳的这家…生产线, 天津投资11亿元的…项目: a project the place owns or
  pays for is there; the place a sentence opens with may name a zone of it (在山西转型综合改革
  示范区，…项目正在建设: ``project_places = "v3"``).

A version is never edited in place (extract/rules/rule_sets.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from chainkg.extract.rules.company_pairs import with_company_words
from chainkg.extract.rules.makes_lists import RULES_V6
from chainkg.extract.rules.relation_patterns import C, Found, J, Mention, PairRule, R, Skeleton

# Names of those who report on companies rather than build or make: brokers, banks, funds,
# exchanges, ratings and data services, news outlets (by their name's end), and brokers news
# names without a suffix. A bank may still invest (INVESTS_IN is not checked).
_REPORTER_END = re.compile(
    r"(?:证券|券商|期货|基金|银行|信托|资管|资产管理|保险|评级|咨询|投行|生意社|交易所|财经|资讯|日报|时报|"
    r"新闻社|通讯社|电视台)(?:股份有限公司|有限责任公司|有限公司|公司)?$")
_REPORTER_NAMES = frozenset({
    "中金", "中金公司", "中信建投", "国泰君安", "申万宏源", "高盛", "摩根士丹利", "摩根大通", "大摩", "小摩",
    "瑞银", "花旗", "野村", "瑞信", "巴克莱", "德银", "美银", "彭博", "路透", "惠誉", "穆迪", "标普"})


def reports_only(company: Mention) -> bool:
    """True for a broker, bank, fund, exchange or news outlet (中信证券, 中金, 生意社)."""
    return company.name in _REPORTER_NAMES or _REPORTER_END.search(company.name) is not None


# What a product's name never is: an activity or an abstraction (研究, 产能), a list (源、网)
_NOT_A_THING = frozenset({"研究", "研发", "开发", "研制", "生产", "制造", "建设", "销售", "服务", "技术", "产品",
                          "业务", "产能", "能力", "项目", "工艺"})
_LIST_OR_QUOTE = re.compile(r"[、，,；;“”\"‘’《》]")
# the last character of a maker's role noun (制造商, 供应商, 运营商, 开发商 …) before 商
_ROLE_TAIL = set("造应营发务产销售包备")
_LATIN = re.compile(r"[A-Za-z]")


def whole_thing(text: str, product: Mention) -> bool:
    """True when ``product`` is written as a whole thing: not an activity, not a list, not the
    tail of the word before it (制造商关键设备), not a piece of a Latin word (PP in PPP)."""
    name = product.name
    if name in _NOT_A_THING or _LIST_OR_QUOTE.search(name):
        return False
    before = text[product.start - 1] if 0 < product.start <= len(text) else ""
    after = text[product.end] if 0 <= product.end < len(text) else ""
    if name[0] == "商" and before in _ROLE_TAIL:
        return False
    cut_latin = (_LATIN.match(name[0]) and _LATIN.match(before)) or (_LATIN.match(name[-1]) and _LATIN.match(after))
    return not cut_latin


def parts_for(text: str, project: Mention, product: Mention) -> bool:
    """True when the project's name says it makes parts for ``product`` (汽车配套项目)."""
    return project.start <= product.start and product.end <= project.end and text.startswith("配套", product.end)


def one_of_a_kind(text: str, project: Mention) -> bool:
    """True when a project is named as a kind of which the text's one is one (重大转型项目之一)."""
    return project.label == "Project" and text.startswith("之一", project.end)


# 大金重工（烟台）风电有限公司: a place in brackets with a name going on after it is part of a
# subsidiary's registered name, not the seat of the company before it
_NAME_GOES_ON = re.compile(r"[）)][\u4e00-\u9fffA-Za-z]{0,12}?(?:有限责任公司|有限公司|股份公司|集团|公司)")


def bracketed_in_name(text: str, company: Mention, place: Mention) -> bool:
    """True when ``place`` is a bracketed place inside a longer registered name that starts
    with ``company`` (大金重工（烟台）风电有限公司)."""
    return company.label == "Company" and place.start == company.end + 1 and text[company.end:company.end + 1] in "（(" \
        and _NAME_GOES_ON.match(text, place.end) is not None


# words of a clause that no company's name starts with (拟由控股子公司… is no company 拟由控股)
_CLAUSE_OPENING = re.compile(r"^(?:拟|由|拟由|将由|已由)")


def passes_checks(text: str, relation: str, source: Mention, target: Mention) -> bool:
    """The checks of rules v7 (this module's docstring), for one relation found in ``text``."""
    if any(end.label == "Company" and _CLAUSE_OPENING.match(end.name) for end in (source, target)):
        return False
    if one_of_a_kind(text, source) or one_of_a_kind(text, target):
        return False
    if relation == "LOCATED_IN" and bracketed_in_name(text, source, target):
        return False
    if relation in ("RUNS", "MAKES") and source.label == "Company" and reports_only(source):
        return False
    if relation == "MAKES" and target.label == "Product":
        if not whole_thing(text, target):
            return False
        if source.label == "Project" and parts_for(text, source, target):
            return False
    return True


# one project of a list, in quotes or not, after the names its title opens with (大金重工蓬莱基地…项目,
# 乐清光伏支架…项目 where 乐清光伏 reads as a company)
_ITEM = rf"“?(?:[{C}{R}](?:[（(][^）)]{{1,8}}[）)])?)*{J}”?"
# 募资/募集资金 … 用于(投资|建设)?项目、项目及项目: every project of the list
_FUNDS_FOR = re.compile(
    rf"(?P<s>{C})[^{C}{J}。；;！？]{{0,30}}?(?:募资|募集资金|定增|非公开发行|发行可转债|配股)[^{C}{J}。；;！？]{{0,40}}?"
    rf"用于(?:投资|建设|投建)?(?P<list>{_ITEM}(?:(?:、|和|及|以及|与){_ITEM})*)")


def funds_for_projects(skeleton: Skeleton, discourse: object = None) -> list[Found]:
    """The company that raises money for a list of projects runs each of them (公司 standing
    for the announcing company)."""
    skeleton = with_company_words(skeleton, getattr(discourse, "announcer", None))
    found = []
    for match in _FUNDS_FOR.finditer(skeleton.text):
        company = skeleton.at[match.start("s")]
        projects = [skeleton.at[i] for i in range(*match.span("list")) if skeleton.text[i] == J]
        found += [Found("RUNS", company, project, "runs_funds_for", 0.85) for project in projects]
    return found


PLACE_RULES_V7 = (
    # 陕西咸阳的这家高世代基板玻璃生产线, 常州的这座工厂
    PairRule("located_place_this", "LOCATED_IN",
             r"(?P<o>⟨R⟩)的(?:这|那)(?:家|座|个|条|处)(?P<s>⟨J⟩)", 0.85),
    # 天津投资11.53亿元的汽车配套项目: the place that pays for a project at the opening of a clause
    PairRule("located_place_invests", "LOCATED_IN",
             r"(?:^|(?<=[，,。；;]))(?P<o>⟨R⟩)(?:总投资|投资)[^\ue000\ue001\ue003，,。；;]{1,12}?的(?P<s>⟨J⟩)", 0.85),
)

RULES_V7 = replace(RULES_V6, name="v7", pair_rules=(*RULES_V6.pair_rules, *PLACE_RULES_V7), project_places="v3",
                   sentence_rules=(*RULES_V6.sentence_rules, funds_for_projects),
                   checks=(passes_checks,))
