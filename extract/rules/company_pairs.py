"""Company-company relation rules of rule set v2: PARTNERS_WITH, INVESTS_IN, SUBSIDIARY_OF, SUPPLIES.

They read the sentence skeletons of relation_patterns (each mention one placeholder; ⟨C⟩ a
company, ⟨G⟩ a gap without entities) and add what v1's fixed patterns could not see:

* words standing for a company: in a financial-news item 公司/本公司 is the company the item
  announces for (``X公告，公司与Y签署…``), and 双方/三方/两家公司 are the companies just named;
* lists: ``甲、乙和丙共同出资设立丁`` makes every member a partner of every other and an
  investor in 丁; the founders' stakes ``其中甲持股45%，乙持股35%`` each an investor in the
  company the sentence sets up;
* owners left unsaid: ``X公告，控股子公司Y拟投资…`` makes Y a subsidiary of X;
* deals that did not happen are no relation (``终止收购``, ``正洽谈收购``, ``公司未与乙签署任何
  合作协议``), and a relation already stated in the document is not given again.

The guide (docs/annotation.md) decides the direction: SUBSIDIARY_OF and INVESTS_IN go from the
child or investor to the parent or investee, SUPPLIES from seller to buyer (``获得…订单``: the
order's receiver sells), PARTNERS_WITH is undirected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chainkg.extract.rules.relation_patterns import (
    PAIR_RULES_V1,
    PLACE_RULES_V2,
    TRIGGER_RULES_V1,
    C,
    Found,
    Mention,
    PairRule,
    RuleSet,
    Skeleton,
    TriggerRule,
    joint_ventures,
    most_confident,
    pair_matches,
    trigger_matches,
)

COMPANY_TYPES = ("PARTNERS_WITH", "INVESTS_IN", "SUBSIDIARY_OF", "SUPPLIES")
# a gap of no entity that holds no word calling a deal off: 终止收购, 正洽谈收购
_LIVE = r"(?:(?!终止|取消|放弃|洽谈|谈判|否认|传闻)⟨G⟩)"
_SUBSIDIARY = r"(?:全资|控股|绝对控股|下属)*(?:子公司|下属(?:公司|企业)|成员企业|控股公司)"
_PAREN = r"(?:[（(]⟨G⟩{1,8}?[）)])?"  # 汇丰保险（亚洲）: a qualifier the name leaves out
# an agreement that is a deal, not cooperation: 股权转让协议, 债权收购协议, 解除合作协议
_NOT_COOPERATION = r"(?!转让|收购|购买|出售|借款|担保|租赁|解除|终止)"

# v1's company-company pair rules that v2 keeps as they are
_KEPT_V1 = ("subsidiary_controlled", "subsidiary_under", "subsidiary_apposition",
            "invests_acquired", "partners_joint", "invests_founded_by",
            "supplies_to", "supplies_give")

COMPANY_PAIR_RULES_V2 = (
    *(rule for rule in PAIR_RULES_V1 if rule.name in _KEPT_V1),
    # SUBSIDIARY_OF: child s, parent o
    PairRule("subsidiary_is_v2", "SUBSIDIARY_OF",  # 汇丰人寿将成为汇丰保险（亚洲）的全资控股子公司
             rf"(?P<s>⟨C⟩)[，,]?(?:也|则|同样|将|已|已经|现)?(?:成为|是|为|系)(?P<o>⟨C⟩){_PAREN}"
             rf"(?:⟨GR⟩{{0,10}}?(?:设立|成立|投资|组建)的|的|之)?{_SUBSIDIARY}", 0.95),
    PairRule("subsidiary_has_v2", "SUBSIDIARY_OF",  # not 公司子公司某租赁拟…设立全资子公司乙 (乙 is 某租赁's)
             r"(?P<o>⟨C⟩)(?:(?!子公司)⟨GR⟩){0,30}?(?:设有|设立了?|成立了?|拥有|以|通过|的)(?:全资|控股)?子公司"
             r"[为是:：]?(?P<s>⟨C⟩)", 0.9),
    PairRule("subsidiary_is_under", "SUBSIDIARY_OF",  # 甲是乙旗下的控股公司
             r"(?P<s>⟨C⟩)(?:是|为|系)(?P<o>⟨C⟩)(?:旗下|下属|所属)(?:的)?⟨G⟩{0,6}?(?:公司|企业|品牌)", 0.9),
    PairRule("subsidiary_its", "SUBSIDIARY_OF",  # 中石油发布消息称，…其下属西南油气田公司
             r"(?P<o>⟨C⟩)⟨GR⟩{0,24}?其(?:下属|旗下|所属|全资子公司|控股子公司|子公司)(?:的)?(?P<s>⟨C⟩)", 0.85),
    PairRule("subsidiary_held_by", "SUBSIDIARY_OF",  # 乙控股的甲, 乙全资控股的甲
             r"(?P<o>⟨C⟩)(?:全资|绝对)?控股的(?P<s>⟨C⟩)", 0.85),
    PairRule("subsidiary_controller", "SUBSIDIARY_OF",  # 甲的控股股东为乙
             r"(?P<s>⟨C⟩)⟨G⟩{0,8}?的?控股股东(?:为|是|系)(?P<o>⟨C⟩)", 0.9),
    # INVESTS_IN: investor s, investee o
    PairRule("invests_verb_v2", "INVESTS_IN",  # not 收购乙所持有的丙股权 (that is 丙), nor 终止收购
             rf"(?P<s>⟨C⟩){_LIVE}{{0,16}}?(?:战略投资|投资入股|入股|增资|参股|收购|认购)了?(?P<o>⟨C⟩)"
             r"(?!所?持有的)", 0.85),
    PairRule("invests_holding_of", "INVESTS_IN",  # 汇丰收购国民信托所持有的汇丰人寿50%股权
             rf"(?P<s>⟨C⟩){_LIVE}{{0,6}}?(?:收购|受让|认购)⟨C⟩(?:所)?持有的(?P<o>⟨C⟩)", 0.85),
    PairRule("invests_holds", "INVESTS_IN",  # 甲持有乙100%的股权; not 乙股东某人持有乙8%的股权
             r"(?P<s>⟨C⟩)(?:(?!股东)⟨G⟩){0,4}?(?:持有|持股)(?P<o>⟨C⟩)⟨G⟩{0,10}?(?:股权|股份)", 0.85),
    PairRule("invests_capital_to", "INVESTS_IN",  # 甲拟向乙增资3000万元; not 以所持丙10%股权向乙增资 (丙)
             r"(?P<s>⟨C⟩)(?:(?!股权|股份|终止|取消|放弃)⟨G⟩){0,10}?向(?P<o>⟨C⟩)⟨G⟩{0,12}?增资", 0.85),
    PairRule("invests_received", "INVESTS_IN",  # 乙获得甲战略投资, 乙引入甲增资
             r"(?P<o>⟨C⟩)⟨G⟩{0,12}?(?:获得|获|引入|引进)(?P<s>⟨C⟩)(?:的)?⟨G⟩{0,8}?(?:战略投资|投资|增资|入股)", 0.85),
    PairRule("invests_round", "INVESTS_IN",  # 乙完成3亿元B轮融资，由甲领投
             r"(?P<o>⟨C⟩)⟨G⟩{0,20}?融资[，,]?(?:本轮)?(?:由)?(?P<s>⟨C⟩)(?:[、和与](?P<s2>⟨C⟩))?(?:联合)?(?:领投|跟投|参投|独家投资)",
             0.85),
    PairRule("invests_transferred_to", "INVESTS_IN",  # 将所持有的乙50%的股权转让给丙
             r"(?P<o>⟨C⟩)⟨G⟩{0,12}?股(?:权|份)转让(?:给|予)(?P<s>⟨C⟩)", 0.85),
    PairRule("invests_transferee", "INVESTS_IN",  # 乙76%股权转让项目…受让方为丙
             r"(?P<o>⟨C⟩)⟨G⟩{0,12}?股权转让⟨G⟩{0,24}?受让方(?:为|是)(?P<s>⟨C⟩)", 0.85),
    PairRule("invests_major_holder", "INVESTS_IN",  # 公司作为大股东的甲
             r"(?P<s>⟨C⟩)(?:作为|是|为)(?:第一)?大股东的(?P<o>⟨C⟩)", 0.85),
    PairRule("invests_founders_of", "INVESTS_IN",  # 甲与乙合作成立的丙, 甲和乙的合资公司丙
             r"(?P<s>⟨C⟩)(?:与|和|、)(?P<s2>⟨C⟩)(?:⟨G⟩{0,12}?(?:合资|合作|共同|联合)?(?:出资|投资)?"
             r"(?:成立|设立|组建)的|的)(?:合资公司|合资企业)?[―—:：]{0,2}(?P<o>⟨C⟩)", 0.85,
             symmetric_partners=True),
    PairRule("invests_founders_its", "INVESTS_IN",  # 甲宣布，批准其和乙各持有50%股权合资成立的丙…
             r"(?P<s>⟨C⟩)⟨GR⟩{0,24}?其(?:和|与)(?P<s2>⟨C⟩)⟨G⟩{0,16}?(?:合资|合作|共同)(?:出资)?(?:成立|设立|组建)的"
             r"(?P<o>⟨C⟩)", 0.85, symmetric_partners=True),
    PairRule("partners_agreement_v2", "PARTNERS_WITH",  # not 公司与乙签署股权转让协议: a deal, not cooperation
             r"(?P<s>⟨C⟩)⟨G⟩{0,6}?(?:与|和|同)(?P<o>⟨C⟩)⟨GR⟩{0,12}?(?:签署|签订|签下|达成|建立)"
             rf"(?:{_NOT_COOPERATION}⟨GP⟩){{0,16}}?(?:合作|协议)", 0.9),
    PairRule("partners_hand_in_hand", "PARTNERS_WITH",  # 甲牵手乙, 甲联手乙
             r"(?P<s>⟨C⟩)⟨G⟩{0,4}?(?:牵手|联手|携手)(?P<o>⟨C⟩)", 0.85),
    # SUPPLIES: seller s, buyer o
    PairRule("supplies_chain_entry", "SUPPLIES",  # 甲进入乙的供应链
             r"(?P<s>⟨C⟩)⟨G⟩{0,8}?(?:进入|打入|切入|导入|纳入)(?P<o>⟨C⟩)(?:的)?⟨G⟩{0,6}?(?:供应链|供应体系|供应商体系|采购体系)",
             0.85),
    PairRule("supplies_contract", "SUPPLIES",  # 甲与乙签订电池供货协议, …签署某项目EPC总承包合同
             r"(?P<s>⟨C⟩)⟨G⟩{0,4}?(?:与|和)(?P<o>⟨C⟩)⟨GR⟩{0,24}?(?:签署|签订|签下)(?:⟨J⟩|⟨GP⟩){0,16}?"
             r"(?:供货|供应|总承包|EPCC?|销售)(?:合同|协议)", 0.85),
    PairRule("supplier_of_v2", "SUPPLIES",  # 公司将作为零跑科技的零部件供应商
             r"(?P<s>⟨C⟩)(?:将|已|也)?(?:作为|成为|是|为|系)(?P<o>⟨C⟩)的⟨GP⟩{0,12}?供应商", 0.9),
    PairRule("supplies_order_from", "SUPPLIES",  # 公司近日收到乙的定点通知书, 获得乙…订单
             r"(?P<s>⟨C⟩)⟨G⟩{0,8}?(?:收到|获得|取得|斩获|拿下|承接)(?P<o>⟨C⟩)⟨GP⟩{0,12}?(?:订单|定点)", 0.85),
    PairRule("supplies_bought_by", "SUPPLIES",  # 乙向甲采购
             r"(?P<o>⟨C⟩)⟨G⟩{0,8}?向(?P<s>⟨C⟩)⟨GP⟩{0,10}?(?:采购|订购|购买|购入)", 0.85),
    PairRule("supplies_chosen", "SUPPLIES",  # 甲被乙…选择为电机合作供应商
             r"(?P<s>⟨C⟩)被(?P<o>⟨C⟩)⟨J⟩?⟨G⟩{0,8}?(?:选择|选定|确定|指定|评为|列为)为?⟨GP⟩{0,10}?供应商",
             0.85),
)

# 供应链 and 供应商 are nouns, not the verb
SUPPLIES_TRIGGER_V2 = TriggerRule("supplies_verb_v2", "SUPPLIES", r"(?:供应|供货|供给)(?!链|商)(?:给)?", C, C, 0.85)


@dataclass
class Discourse:
    """What a document's sentences share: the company a news item announces for, and the
    companies of the latest sentence that named any (for 双方, 三方)."""

    announcer: Mention | None = None
    named: tuple = ()
    stated: set = field(default_factory=set)  # (type, source key, target key) given so far

    def first_time(self, found: Found) -> bool:
        """True the first time the document states ``found`` (partners in either order)."""
        ends = (found.source.key, found.target.key)
        marker = (found.relation, *(sorted(ends) if found.relation == "PARTNERS_WITH" else ends))
        if marker in self.stated:
            return False
        self.stated.add(marker)
        return True


def company_relations(skeleton: Skeleton, discourse: Discourse | None = None) -> list[Found]:
    """The company-company relations of one sentence skeleton, words standing for companies
    resolved with ``discourse``."""
    discourse = discourse or Discourse()
    skeleton = with_company_words(skeleton, discourse.announcer)
    found: list[Found] = []
    for rule in COMPANY_PAIR_RULES_V2:
        found += pair_matches(rule, skeleton)
    found += trigger_matches(SUPPLIES_TRIGGER_V2, skeleton, None)
    found += joint_ventures(skeleton)
    found += company_lists(skeleton)
    found += founders_stakes(skeleton)
    found += group_words(skeleton, discourse.named)
    found += unsaid_owner(skeleton, discourse.announcer)
    named = _companies(skeleton, 0, len(skeleton.text))
    if named:
        discourse.named = tuple(named)
    found = [f for f in found if f.source.key != f.target.key and not _negated(skeleton, f)]
    return [f for f in most_confident(found) if discourse.first_time(f)]


# 没有与乙进行任何接触, 尚未与乙签订, 未向乙供应, 是否间接供给乙; 未来 is no negation
_NEGATION = re.compile(r"没有|(?<!并)未(?!来)|不再|不会|不存在|无法|是否|并非|否认|终止|取消|放弃|洽谈|谈判|传闻")
_CLAUSE_END = re.compile(r"[，,。；;！？]")


def _negated(skeleton: Skeleton, found: Found) -> bool:
    """True when the stretch from the first end of ``found`` to the end of the second's clause
    says the deal did not (or may not) happen; for a subsidiary, a state rather than a deal,
    only the words between the ends count (子公司乙尚未完成试制 is still a subsidiary)."""
    ends = [i for i, item in enumerate(skeleton.at) if item is found.source or item is found.target]
    if len(ends) < 2:
        return False
    end = ends[-1]
    if found.relation != "SUBSIDIARY_OF":
        stop = _CLAUSE_END.search(skeleton.text, end)
        end = stop.start() if stop else len(skeleton.text)
    return _NEGATION.search(skeleton.text, ends[0], end) is not None


# 公司/本公司 as a subject or object of its own, not the end of a longer noun (子公司, 合资公司)
_COMPANY_WORD = re.compile(r"本公司|公司(?![债章治])")
_BEFORE_WORD = re.compile(r"(?:^|[，,。：:；;、（(“”\"】\s]|另外|此外|同时|其中|目前|并且|以及|且|并|与|和|及|由|向|为|对|使|而|现|\d日)$")


def with_company_words(skeleton: Skeleton, announcer: Mention | None) -> Skeleton:
    """``skeleton`` with each 公司/本公司 that stands alone turned into the announcing company."""
    if announcer is None:
        return skeleton
    text, at = skeleton.text, list(skeleton.at)
    for match in reversed(list(_COMPANY_WORD.finditer(text))):
        if not _BEFORE_WORD.search(text[max(0, match.start() - 2):match.start()]):
            continue
        start, end = at[match.start()], at[match.end() - 1] + 1
        stand_in = Mention("Company", announcer.key, announcer.name, start, end)
        text = text[:match.start()] + C + text[match.end():]
        at[match.start():match.end()] = [stand_in]
    return Skeleton(text, at)


_LIST = rf"{C}(?:(?:[、和与及]|以及){C})+"
_SETS_UP = r"(?:设立|成立|组建|新设)(?:了)?(?:一家)?(?:合资公司|合资企业|新公司|公司)?[为：:，,]?"
# 甲、乙和丙共同出资设立丁; 甲、乙、丙签署战略合作协议; 某外企与甲、乙曾签订协议设立丁 (a
# partner the entity layer missed before 与 leaves the rest of the list)
_LIST_ACTS = re.compile(
    rf"(?:^|(?<=[，,：:；;与和]))(?P<list>{_LIST})(?:等)?(?:三方|双方|各方|四方)?"
    rf"(?:(?:拟|将|已|于)?[^{C}\ue003。；;！？，,]{{0,6}}?(?:共同|联合|合资|签订协议|签署协议)(?:出资|投资)?"
    rf"{_SETS_UP}(?P<d>{C})?"
    rf"|(?:拟|将|已)?(?:共同)?(?:签约|签署|签订)(?:{_NOT_COOPERATION}[^{C}\ue003。；;！？]){{0,12}}?(?:合作|协议))")


def company_lists(skeleton: Skeleton) -> list[Found]:
    """A list of companies that jointly set up a company or sign a cooperation: every member
    partners every other, and each invests in the company set up."""
    found = []
    for match in _LIST_ACTS.finditer(skeleton.text):
        members = _companies(skeleton, match.start("list"), match.end("list"))
        venture = skeleton.at[match.start("d")] if match.group("d") else None
        found += _partners(members, "company_list") + _investors(members, venture, "company_list")
    return found


_GROUP = re.compile(r"(?P<word>双方|两家公司|两家企业|三方|三家公司|三家企业)")
_GROUP_SIZE = {"双": 2, "两": 2, "三": 3}
_GROUP_ACTS = re.compile(
    rf"(?:(?:共同|联合|合资)?(?:出资|投资)?{_SETS_UP}(?P<d>{C})"
    rf"|[^{C}\ue003。；;！？]{{0,16}}?(?:签署|签订|达成)[^{C}\ue003。；;！？]{{0,12}}?(?:合作|协议))")


def group_words(skeleton: Skeleton, previous: tuple) -> list[Found]:
    """双方/三方共同出资设立丁, 双方签署…合作协议: the two (three) companies named before the word
    in the sentence, else in the latest sentence that named companies, when that many were."""
    found = []
    for match in _GROUP.finditer(skeleton.text):
        acts = _GROUP_ACTS.match(skeleton.text, match.end())
        if acts is None:
            continue
        size = _GROUP_SIZE[match.group("word")[0]]
        members = _companies(skeleton, 0, match.start())
        members = members if len(members) == size else list(previous)
        if len(members) != size:
            continue
        venture = skeleton.at[acts.start("d")] if acts.group("d") else None
        found += _partners(members, "group_word") + _investors(members, venture, "group_word")
    return found


# 设立芜湖某公司，…其中公司持股45%，奇瑞科技持股35%; 甲、乙分别持股60%、40%
_VENTURE = re.compile(rf"(?:设立|成立|组建|新设)(?:了)?(?:一家)?(?:合资公司|合资企业|新公司)?[为：:]?(?P<d>{C})")
_STAKES = re.compile(rf"(?P<list>{C}(?:[、和与及]{C})*)(?:分别|各)?(?:持股|持有|占股|出资占比)(?:比例)?(?:为)?[\d.]+%")


def founders_stakes(skeleton: Skeleton) -> list[Found]:
    """Each company given a stake after a company is set up in the sentence invests in it."""
    venture_match = _VENTURE.search(skeleton.text)
    if venture_match is None:
        return []
    venture = skeleton.at[venture_match.start("d")]
    found = []
    for match in _STAKES.finditer(skeleton.text, venture_match.end()):
        members = _companies(skeleton, match.start("list"), match.end("list"))
        found += _investors(members, venture, "founders_stakes")
    return found


# 公告，控股子公司甲拟投资…; 同意子公司甲…: a subsidiary whose owner the item leaves unsaid
_UNSAID_OWNER = re.compile(
    rf"(?:^|[，,：:；;]|同意|表示|公告|披露|称)(?:公司)?(?:全资|控股|绝对控股)*子公司[为是:：]?(?P<s>{C})")


def unsaid_owner(skeleton: Skeleton, announcer: Mention | None) -> list[Found]:
    """A subsidiary named without its owner in a news item about one company is that company's."""
    if announcer is None:
        return []
    return [Found("SUBSIDIARY_OF", skeleton.at[m.start("s")], announcer, "unsaid_owner", 0.85)
            for m in _UNSAID_OWNER.finditer(skeleton.text)]


def _companies(skeleton: Skeleton, start: int, end: int) -> list[Mention]:
    """The distinct companies between two skeleton indices, in order."""
    members = {}
    for index in range(start, end):
        if skeleton.text[index] == C:
            mention = skeleton.at[index]
            members.setdefault(mention.key, mention)
    return list(members.values())


def _partners(members: list[Mention], extractor: str) -> list[Found]:
    return [Found("PARTNERS_WITH", first, second, extractor, 0.85)
            for i, first in enumerate(members) for second in members[i + 1:]]


def _investors(members: list[Mention], venture: Mention | None, extractor: str) -> list[Found]:
    if venture is None:
        return []
    return [Found("INVESTS_IN", member, venture, extractor, 0.85) for member in members if member.key != venture.key]


RULES_V2 = RuleSet(
    "v2",
    (*(r for r in PAIR_RULES_V1 if r.relation not in COMPANY_TYPES), *PLACE_RULES_V2),
    tuple(r for r in TRIGGER_RULES_V1 if r.relation not in COMPANY_TYPES),
    (company_relations,),
)
