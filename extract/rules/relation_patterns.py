"""Relation rules over sentence skeletons: MAKES, RUNS, LOCATED_IN, PARTNERS_WITH, SUPPLIES,
INVESTS_IN, SUBSIDIARY_OF.

A sentence is rewritten as a *skeleton*: each entity becomes one placeholder character
(company, product, region, project) and the text between stays, with alias parentheses
such as （简称“华友钴业”） removed. Rules are regular expressions over skeletons, written
with ⟨C⟩ ⟨P⟩ ⟨R⟩ ⟨J⟩ for the placeholders and ⟨G⟩ for a gap without entities:

    浙江华友钴业股份有限公司（简称“华友钴业”）总部设在嘉兴桐乡，主营...
    ⟨C⟩总部设在⟨R⟩⟨R⟩，主营...

Precision comes first: a rule fires only on a clear pattern, and the subject of a verb
is the nearest company in its clause, else the sentence's topic (its first company that
is not the object of a preposition), with a lower confidence. The rule sets are data with a
version (``PAIR_RULES_V1``, ``PLACE_RULES_V2``, ``TRIGGER_RULES_V1``), gathered into a versioned
``RuleSet`` (``RULES_V1`` here; later versions build on it in their own modules); a change is
a new version to evaluate against the old one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from chainkg.contract.gazetteer import HOME_COUNTRY
from chainkg.contract.keys import product_key
from chainkg.extract.rules.product_heads import PRODUCT_HEADS_V2

C, P, R, J = "\ue000", "\ue001", "\ue002", "\ue003"
LABEL_CHAR = {"COMPANY": C, "PRODUCT": P, "REGION": R, "PROJECT": J}
CHAR_LABEL = {C: "Company", P: "Product", R: "Region", J: "Project"}
_MACROS = {"⟨C⟩": C, "⟨P⟩": P, "⟨R⟩": R, "⟨J⟩": J,
           "⟨G⟩": r"[^\ue000-\ue003。；;！？]",       # gap: no entity
           "⟨GP⟩": r"[^\ue000\ue002\ue003。；;！？]",  # gap that may hold products
           "⟨GR⟩": r"[^\ue000\ue003。；;！？]"}        # gap that may hold products and regions
_ALIAS_PAREN = re.compile(r"[（(][^（()）]{0,60}?(?:简称|下称|原名|曾用名)[^（()）]{0,60}?[）)]")
_PREPOSITIONS = set("由与和同向给为对跟把被及、将让以")


def _compile(pattern: str) -> re.Pattern:
    for macro, value in _MACROS.items():
        pattern = pattern.replace(macro, value)
    return re.compile(pattern)


@dataclass(frozen=True)
class PairRule:
    """A skeleton regex naming its source (``s``, optional ``s2``) and target (``o``) groups."""

    name: str
    relation: str
    pattern: str
    confidence: float
    symmetric_partners: bool = False  # also PARTNERS_WITH between s and s2 (joint ventures)
    target_filter: str = ""  # a name of TARGET_FILTERS the target must pass
    names: str = "v1"  # makes_project_name: v2 (makes_lists) reads no product off a plant's part or a power unit

    @property
    def regex(self) -> re.Pattern:
        return _compiled(self.pattern)


@dataclass(frozen=True)
class TriggerRule:
    """A verb whose subject is chosen by clause/topic and whose objects follow it."""

    name: str
    relation: str
    trigger: str
    objects: str  # placeholder chars accepted as objects
    subjects: str
    confidence: float
    raw_items: bool = False  # list items that are not lexicon products count as products
    last_object_only: bool = False  # 嘉兴桐乡: the most specific region of a run
    items: str = "v1"  # how a MAKES zone is read into products: v1, v2 (product_items_v2) or v3 (split_items_v3)
    places: str = "v1"  # v2 (place_rules): a 位于 clause that modifies a later noun places no subject

    @property
    def regex(self) -> re.Pattern:
        return _compiled(self.trigger)


_CACHE: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    if pattern not in _CACHE:
        _CACHE[pattern] = _compile(pattern)
    return _CACHE[pattern]


PAIR_RULES_V1 = (
    # SUBSIDIARY_OF: child is s, parent is o
    PairRule("subsidiary_is", "SUBSIDIARY_OF",
             r"(?P<s>⟨C⟩)[，,]?(?:也|则|同样)?(?:是|为|系)(?P<o>⟨C⟩)"
             r"(?:⟨GR⟩{0,10}?(?:设立|成立|投资|组建)的|的|之)?(?:全资|控股|绝对控股)?"
             r"(?:子公司|下属(?:公司|企业)|成员企业)", 0.95),
    PairRule("subsidiary_controlled", "SUBSIDIARY_OF",
             r"(?P<s>⟨C⟩)(?:是|为|系)(?P<o>⟨C⟩)(?:控股|控制)的", 0.9),
    PairRule("subsidiary_has", "SUBSIDIARY_OF",
             r"(?P<o>⟨C⟩)⟨GR⟩{0,30}?(?:设有|设立了?|成立了?|拥有|以|通过|的)(?:全资|控股)?子公司"
             r"[为是:：]?(?P<s>⟨C⟩)", 0.9),
    PairRule("subsidiary_under", "SUBSIDIARY_OF", r"(?P<o>⟨C⟩)旗下(?:的)?⟨G⟩{0,6}?(?P<s>⟨C⟩)", 0.9),
    PairRule("subsidiary_apposition", "SUBSIDIARY_OF",  # 海螺水泥全资子公司海螺国际控股
             r"(?P<o>⟨C⟩)(?:的)?(?:全资|控股|绝对控股|下属)?(?:子公司|分公司|孙公司)[为是:：]?(?P<s>⟨C⟩)", 0.9),
    PairRule("invests_acquired", "INVESTS_IN",  # 公司收购的HyTest
             r"(?P<s>⟨C⟩)⟨G⟩{0,4}?(?:收购|并购|入股|控股|投资)的(?P<o>⟨C⟩)", 0.85),
    # PARTNERS_WITH
    PairRule("partners_agreement", "PARTNERS_WITH",
             r"(?P<s>⟨C⟩)⟨G⟩{0,6}?(?:与|和|同)(?P<o>⟨C⟩)⟨GR⟩{0,12}?(?:签署|签订|签下|达成|建立)"
             r"⟨GP⟩{0,16}?(?:合作|协议)", 0.9),
    PairRule("partners_joint", "PARTNERS_WITH",
             r"(?P<s>⟨C⟩)(?:与|和|同)(?P<o>⟨C⟩)⟨G⟩{0,8}?(?:合作|合资|共建|联合开展|携手)", 0.85),
    # INVESTS_IN: investor s (and s2), investee o
    PairRule("invests_founded_by", "INVESTS_IN",
             r"(?P<o>⟨C⟩)⟨G⟩{0,8}?由(?P<s>⟨C⟩)(?:(?:与|和|、)(?:(?P<s2>⟨C⟩)|⟨G⟩{1,8}?))?"
             r"⟨G⟩{0,4}?(?:合资|共同出资|共同投资|出资|投资)(?:设立|成立|组建|兴建)", 0.9,
             symmetric_partners=True),
    PairRule("invests_verb", "INVESTS_IN",
             r"(?P<s>⟨C⟩)⟨G⟩{0,6}?(?:战略投资|投资入股|入股|增资|参股|收购)了?(?P<o>⟨C⟩)", 0.85),
    # SUPPLIES: supplier s, customer o
    PairRule("supplies_to", "SUPPLIES",
             r"(?P<s>⟨C⟩)⟨G⟩{0,10}?(?:向|为|给)(?P<o>⟨C⟩)⟨GP⟩{0,12}?(?:供应|供货|提供|配套|供给|出售|销售)",
             0.9),
    PairRule("supplies_give", "SUPPLIES",
             r"(?P<s>⟨C⟩)⟨G⟩{0,4}?(?:把|将)⟨GP⟩{0,20}?(?:供给|供应给|卖给|销往|送往|供应)(?P<o>⟨C⟩)", 0.9),
    PairRule("supplier_of", "SUPPLIES",
             r"(?P<s>⟨C⟩)(?:是|为|系)(?P<o>⟨C⟩)的⟨GP⟩{0,8}?供应商", 0.9),
    # RUNS: company s runs project o
    PairRule("runs_adjacent", "RUNS", r"(?P<s>⟨C⟩)(?P<o>⟨J⟩)", 0.9),
    PairRule("runs_verb", "RUNS",
             r"(?P<s>⟨C⟩)⟨GR⟩{0,10}?(?:推进|投资|投建|建设|新建|实施|启动|承担|承建|运营|签约|上马)"
             r"(?:的)?⟨G⟩{0,4}?(?P<o>⟨J⟩)", 0.9),
    PairRule("runs_invests_builds", "RUNS",  # X与衢州高新区签约，投资15亿元建设…项目
             r"(?P<s>⟨C⟩)⟨GR⟩{0,12}?(?:总投资|投资)⟨G⟩{1,10}?(?:建设|新建|投建|实施|打造|上马)"
             r"(?:的)?⟨G⟩{0,4}?(?P<o>⟨J⟩)", 0.85),
    PairRule("runs_invested_of", "RUNS",  # 宝马公司投资150亿元人民币的沈阳里达工厂
             r"(?P<s>⟨C⟩)⟨GR⟩{0,12}?(?:投资|投建|建设|兴建|新建|打造|建成|运营|拥有|布局)⟨GR⟩{0,16}?的"
             r"(?P<o>⟨J⟩)", 0.85),
    PairRule("runs_joint_of", "RUNS",  # SK创新和福特汽车的电池厂
             r"(?P<s>⟨C⟩)(?:与|和|、)(?P<s2>⟨C⟩)(?:共同|联合|合资)?(?:投资|建设|投建)?(?:的)(?P<o>⟨J⟩)", 0.85,
             symmetric_partners=True),
    PairRule("runs_by_invested", "RUNS",  # 由甲公司与乙集团共同投资的储能电站项目
             r"由(?P<s>⟨C⟩)(?:(?:与|和|、)(?P<s2>⟨C⟩))?⟨G⟩{0,4}?(?:共同|联合|合资)?(?:投资|投建|建设|兴建|出资)"
             r"(?:建设|兴建)?的⟨G⟩{0,10}?(?P<o>⟨J⟩)", 0.9, symmetric_partners=True),
    PairRule("runs_headline", "RUNS",  # 【海目星：拟投资7亿元建海目星激光(江门)产业园二期项目】
             r"(?P<s>⟨C⟩)[：:]⟨GR⟩{0,20}?(?:投资|投建|建设|建|新建|扩建|开建|签约)⟨G⟩{0,10}?(?P<o>⟨J⟩)", 0.85),
    PairRule("runs_owner", "RUNS",
             r"(?P<o>⟨J⟩)⟨G⟩{0,4}?(?:建设主体|实施主体|项目主体|投资主体|业主|投资方)(?:为|是)(?P<s>⟨C⟩)", 0.9),
    PairRule("runs_by", "RUNS",
             r"(?P<o>⟨J⟩)⟨G⟩{0,4}?由(?P<s>⟨C⟩)⟨G⟩{0,8}?(?:承建|投资|建设|运营|实施|投建|负责)", 0.9),
    PairRule("runs_possessive", "RUNS", r"(?P<s>⟨C⟩)的(?P<o>⟨J⟩)", 0.85),
    # MAKES with fixed shapes
    PairRule("makes_possessive", "MAKES",
             r"(?P<s>⟨C⟩)的(?P<o>⟨P⟩)(?!⟨G⟩{0,4}?(?:供应商|客户|需求|采购|用户|订单))", 0.75),
    PairRule("makes_project_name", "MAKES", r"(?P<s>⟨J⟩)", 0.9),  # products inside the name
    PairRule("makes_products_of", "MAKES",  # 公司吡虫啉等杀虫剂产品市场需求良好
             r"(?P<s>⟨C⟩)(?:⟨G⟩{0,16}?[，,：:](?:公司|其))?(?:的)?(?:⟨P⟩(?:、|和|及))*(?P<o>⟨P⟩)(?:等)?(?:⟨P⟩)?"
             r"(?:系列)?(?:产品|业务)", 0.85),
    PairRule("makes_capacity_of", "MAKES",  # 公司拥有合计约3.45万吨/年的碳酸锂产能
             rf"(?P<s>[{C}{J}])[^{C}{J}。；;！？]{{0,32}}?(?P<o>⟨P⟩)(?:的)?(?:年?产能|生产能力|产量|出货量)", 0.8),
)

# LOCATED_IN, version 2 (docs/extraction.md, Places): a place goes to the node the text gives it
# to. A company's seat is stated (总部位于, 落户, X企业/X公司 before its name, a foreign country
# right before it: 美国某公司, 德国博世); a place where a company invests or builds is its
# project's (在江苏投资的工厂, 常州的新工厂, 衢州锂电材料项目), never the company's. v1's
# located_company_builds (甲公司在X建设… -> the company in X) is gone for that reason.
_DESCRIPTOR = r"[^\ue000-\ue003，,。；;、：:“”]{0,4}?(?:企业|公司|同业|厂商|巨头|企)"
PLACE_RULES_V2 = (
    PairRule("located_paren", "LOCATED_IN", r"(?P<s>⟨C⟩)[（(]⟨R⟩?(?P<o>⟨R⟩)[）)]", 0.85),
    PairRule("located_project_in", "LOCATED_IN",
             r"(?P<s>⟨J⟩)在⟨R⟩?(?P<o>⟨R⟩)(?:正式)?(?:投产|开工|建设|落地|竣工|签约)", 0.9),
    PairRule("located_project_signed", "LOCATED_IN", r"与(?P<o>⟨R⟩)签约(?P<s>⟨J⟩)", 0.85),
    PairRule("located_project_at", "LOCATED_IN",  # 新能源工厂也在天津落成投产
             r"(?P<s>⟨J⟩)⟨G⟩{0,6}?(?:在|落户|落地|位于|坐落于|选址|设在|建在)⟨R⟩?(?P<o>⟨R⟩)", 0.85),
    # 在江苏常州投资的年产5万吨正极材料项目, 在辽宁沈阳投资建设…项目: the project's place
    PairRule("located_builds_project", "LOCATED_IN",
             r"在⟨R⟩?(?P<o>⟨R⟩)⟨GR⟩{0,12}?(?:投资|建设|新建|投建|兴建|开工|投产|落成|建成|布局|开建|启动|扩建)"
             r"⟨G⟩{0,20}?(?P<s>⟨J⟩)", 0.85),
    PairRule("located_lies_in", "LOCATED_IN",  # 位于韩国釜山的工厂
             r"位于⟨R⟩?(?P<o>⟨R⟩)的(?P<s>⟨J⟩)", 0.9),
    PairRule("located_company_in", "LOCATED_IN",
             r"(?P<s>⟨C⟩)(?:同样|也|则|均)?(?:在|处于)⟨R⟩?(?P<o>⟨R⟩)(?=[，。；,]|$)", 0.85),
    PairRule("located_possessive", "LOCATED_IN", r"(?:^|[，,、和与在])(?P<o>⟨R⟩)的(?P<s>⟨C⟩)", 0.8),
    # 甲公司在福建邵武生产六氟磷酸锂: where a company itself produces (no project named)
    PairRule("located_company_produces", "LOCATED_IN",
             r"(?P<s>⟨C⟩)(?:也|还|则|主要|同时)?在⟨R⟩?(?P<o>⟨R⟩)(?:生产|制造)(?!⟨G⟩{0,12}?⟨J⟩)", 0.8),
    # 常州的新工厂, 衢州的…项目
    PairRule("located_project_possessive", "LOCATED_IN", r"(?P<o>⟨R⟩)的(?P<s>⟨J⟩)", 0.85),
    # a region written right before a project's name: 江西信丰年产…项目 (inside it: _project_places)
    PairRule("located_project_name", "LOCATED_IN", r"(?P<o>⟨R⟩)(?P<s>⟨J⟩)", 0.85),
    # 衢州企业华友钴业, 日本游戏公司卡普空和史克威尔艾尼克斯, 中国药企复星医药
    PairRule("located_descriptor", "LOCATED_IN",
             rf"(?P<o>⟨R⟩){_DESCRIPTOR}(?P<s>⟨C⟩)(?:[、和与及](?P<s2>⟨C⟩))?", 0.85),
    # 美国福特, 德国博世集团: a foreign country is never part of a registered name
    PairRule("located_country_before", "LOCATED_IN", r"(?P<o>⟨R⟩)(?P<s>⟨C⟩)", 0.85,
             target_filter="foreign_country"),
)

# A project named after work done *on* a product does not make it: 退役动力电池综合回收项目
# recycles batteries, 锂电池检测中心项目 tests them.
PROJECT_NOT_MAKING = re.compile(r"回收|拆解|梯次利用|综合利用|再利用|处置|检测|测试|维修|仓储|物流|交易|贸易|销售")
# v3 (makes_rules): also what stores, ships or trades a product (疫苗冷库项目, 液化天然气出口项目)
PROJECT_NOT_MAKING_V3 = re.compile(PROJECT_NOT_MAKING.pattern + r"|再循环|循环利用|冷库|冷链|仓库|储备库|储运|出口|进口|码头|"
                                   r"港口|运输|集散|分拨|展示|体验")

_MAKE_VERBS = (r"(?:主营(?:产品)?(?:为|是|有|包括)?|主要产品(?:为|是|有|包括|涵盖)?|产品(?:包括|有|涵盖|主要有|主要为|以)"
               r"|(?:主要|专业|研发|负责)?生产(?!商|基地|线|车间|企业|能力|规模|工艺|设备|厂|经营|制造|原料)"
               r"|(?<!年产\d)年产(?:能)?(?:[\d.]+万?吨)?|制造(?!商|业|基地)|专注于|布局了?)")
TRIGGER_RULES_V1 = (
    TriggerRule("makes_verb", "MAKES", _MAKE_VERBS, P, C + J, 0.9, raw_items=True),
    TriggerRule("located_verb", "LOCATED_IN",
                r"(?:总部|厂区|基地|工厂|注册地|生产基地)?(?:位于|落户(?:在|于)?|坐落(?:在|于)|地处|设在|注册在|"
                r"注册于|总部在|基地在|入驻|扎根|选址)", R, C + J, 0.9, last_object_only=True),
    TriggerRule("supplies_verb", "SUPPLIES", r"(?:供应|供货|供给)(?:给)?", C, C, 0.85),
)
_PLANT_AFTER = re.compile(r"[^\ue000-\ue003，,。；;]{0,12}?(?:工厂|厂|基地|生产线|车间|园区|\ue003)")
_ZONE_STOP = re.compile(r"[，,。；;：:！？\n]|供应|供给|送往|卖给|用于|作为|客户|来自|为主|依赖|需要|没有")
_NEGATION = re.compile(r"(?:没有|尚无|未|不再|停止|缺少|缺乏|空白)$")
_ITEM_BAD = re.compile(
    r"[的是为在将已可并也向把供用与】【]|公司|企业|项目|能力|规模|环节|"
    # activities and states, not things made: 研发、设计、生产与集成; 满产状态; 市场需求
    r"设计|研发|销售|集成|服务|加工|运营|推广|状态|需求|阶段|领域|人员|细节|基础|成本|水平|市场|业务|"
    r"收入|利润|价格|订单|产值|营收|以上|以下|左右|[\d.]+[万亿千百]?(?:元|公里|吨|台|辆|件|个|次|人)")


@dataclass
class Mention:
    """An entity inside a sentence, with its document character span and key."""

    label: str  # Company | Product | Region | Project
    key: str
    name: str
    start: int
    end: int
    products: list = field(default_factory=list)  # products named inside a project name
    regions: list = field(default_factory=list)  # regions named inside a project name
    level: str = ""  # a region's level (country, province, city, district)


# What a plant is, not what it makes: 智能工厂, 自动化生产线, 绿色工厂 named as a "product".
_PLANT_WORD = re.compile(r"(?:工厂|车间|生产线|产线|基地|园区|产业园|设施|电站|电厂|厂|项目)$")
# Words for what a business deals in, not a kind of product (锂资源, 产品, 业务).
_GENERIC_PRODUCT = re.compile(r"^(?:产品|业务|原料|资源)$|资源$")


def made_thing(product: "Mention") -> bool:
    """A product a MAKES may end in: not a plant (智能工厂, 自动化生产线) nor a generic word (锂资源)."""
    return _PLANT_WORD.search(product.name) is None and _GENERIC_PRODUCT.search(product.name) is None


TARGET_FILTERS = {
    "foreign_country": lambda m: m.level == "country" and m.key != HOME_COUNTRY,
    "made_thing": made_thing,
}


@dataclass
class Skeleton:
    """A sentence with entities as placeholder characters; ``at[i]`` maps back. Never changed
    once built (with_company_words builds a new one)."""

    text: str
    at: list  # per skeleton char: Mention, or the document index of a plain char

    @functools.cached_property
    def _indices(self) -> dict[int, int]:
        return {id(m): i for i, m in enumerate(self.at) if isinstance(m, Mention)}

    def index_of(self, mention) -> int | None:
        """The skeleton index of ``mention`` (this very object: each holds one placeholder), or
        None where it is not one of this skeleton's."""
        return self._indices.get(id(mention))


_PRONOUN = re.compile(r"(?:^|(?<=[，,]))(?:这家企业|这家公司|该公司|该企业|它|公司)"
                      r"(?=[是的在主生为承已还与和向将拟正已于子出]|计划|决定|目前|预计|通过|旗下|控股|全资|下属|作为)")


_ACTS = {"RUNS", "INVESTS_IN", "MAKES"}
_THROUGH_UNNAMED = re.compile(rf"(?:子公司|孙公司|分公司)(?![{C}])")
# 的全资子公司, 下属分公司: the words that make the next company a subsidiary of the one before
SUBSIDIARY_WORD = r"(?:的)?(?:全资|控股|绝对控股|下属)?(?:子公司|孙公司|分公司)"
_OWNS = re.compile(SUBSIDIARY_WORD + r"[为是:：]?")
_BARE_PRONOUN = re.compile(r"(?:^|(?<=[，,：:]))(?:该公司|公司)")


def resolve_pronoun(sentence: str, offset: int, mentions: list[Mention],
                    previous: Mention | None) -> list[Mention]:
    """``mentions`` plus the company an opening pronoun (该公司, 这家企业, 它) stands for.

    Only a pronoun with no company named before it in the sentence is resolved, to the
    topic of an earlier sentence.
    """
    match = _PRONOUN.search(sentence)
    if match is None:  # 公司吡虫啉等杀虫剂产品: the pronoun right before a product it makes
        match = next((m for m in _BARE_PRONOUN.finditer(sentence)
                      if any(x.start == offset + m.end() and x.label == "Product" for x in mentions)), None)
    if previous is None or match is None:
        return mentions
    start = offset + match.start()
    if any(m.start < start and m.label == "Company" for m in mentions):
        return mentions
    owner = _OWNS.match(sentence, match.end())
    if owner and not any(m.start == offset + owner.end() and m.label == "Company" for m in mentions):
        return mentions  # 公司全资子公司将投资…: an unnamed subsidiary acts, not the company
    stand_in = Mention("Company", previous.key, previous.name, start, offset + match.end())
    return sorted([*mentions, stand_in], key=lambda m: m.start)


def build_skeleton(sentence: str, offset: int, mentions: list[Mention]) -> Skeleton:
    """The skeleton of ``sentence`` (starting at document index ``offset``)."""
    removed = [(m.start() + offset, m.end() + offset) for m in _ALIAS_PAREN.finditer(sentence)]
    chars: list[str] = []
    at: list = []
    position = offset
    end = offset + len(sentence)
    queue = sorted(mentions, key=lambda m: m.start)
    while position < end:
        cut = next((r for r in removed if r[0] <= position < r[1]), None)
        if cut:
            position = cut[1]
            continue
        if queue and queue[0].start <= position:
            mention = queue.pop(0)
            if mention.start == position:
                chars.append(LABEL_CHAR[mention.label.upper()])
                at.append(mention)
                position = mention.end
            continue
        chars.append(sentence[position - offset])
        at.append(position)
        position += 1
    return Skeleton("".join(chars), at)


@dataclass(frozen=True)
class Found:
    """A relation found in one sentence (ends are Mentions or raw product names)."""

    relation: str
    source: Mention
    target: Mention
    extractor: str
    confidence: float


@dataclass(frozen=True)
class RuleSet:
    """One version of the sentence rules, measured as a whole against another.

    ``sentence_rules`` are functions of a skeleton and the discourse around it (the company
    a news item announces for, the companies named just before; None when unknown) that
    return what fixed patterns cannot: lists of companies, words standing for companies.
    """

    name: str
    pair_rules: tuple
    trigger_rules: tuple
    sentence_rules: tuple = ()  # Callable[[Skeleton, object], list[Found]]
    project_places: str = "v1"  # v2 (place_rules): see ``_project_places``
    found_rules: tuple = ()  # Callable[[Skeleton, list[Found]], list[Found]]: more read off what was found
    # Callable[[str, str, Mention, Mention], bool]: (text, relation, source, target) -> keep it?
    # Applied by the relations component to everything it found, its defaults included (rules v7)
    checks: tuple = ()

    def admits(self, text: str, relation: str, source: Mention, target: Mention) -> bool:
        """Whether a relation found in ``text`` passes every check of this version."""
        return all(check(text, relation, source, target) for check in self.checks)

    def relations(self, skeleton: Skeleton, scope_project: Mention | None = None,
                  discourse: object = None) -> list[Found]:
        """Every relation these rules find in one sentence skeleton."""
        found: list[Found] = []
        for rule in self.pair_rules:
            found.extend(pair_matches(rule, skeleton))
        for rule in self.trigger_rules:
            found.extend(trigger_matches(rule, skeleton, scope_project))
        found += _project_places(skeleton, found, self.project_places)
        for sentence_rule in self.sentence_rules:
            found += sentence_rule(skeleton, discourse)
        for found_rule in self.found_rules:  # e.g. the other members of a list (makes_lists)
            found += found_rule(skeleton, found)
        if self.project_places != "v1":
            found = [f for f in found if f.relation != "LOCATED_IN" or not counted(skeleton, f.source)]
        return most_confident(found)


# Projects counted together (五个新能源项目, 一批…项目, 绿色工厂166家) are no one project: no place.
# (Lines counted are one plant's: 两条…生产线 is a project; 第一个, 一个 count one.)
_COUNT_BEFORE = re.compile(r"(?:(?<![第\d])(?!(?:一|1)[个家座批项])[\d一二两三四五六七八九十几数多百千万余]+(?:个|家|座|批|项)"
                           rf"|一批|多家|众多|各类|一些)[^{C}{R}{J}，,。；;]{{0,8}}$")
_COUNT_AFTER = re.compile(r"[\d.]+[万千百]?余?(?:家|个|座)")


def counted(skeleton: Skeleton, mention: Mention) -> bool:
    """True when ``mention`` is a project named as a count of projects, not one project."""
    if mention.label != "Project":
        return False
    if _AGGREGATE.match(mention.name):
        return True
    index = skeleton.index_of(mention)
    if index is None:
        return False
    return bool(_COUNT_BEFORE.search(skeleton.text, 0, index) or _COUNT_AFTER.match(skeleton.text, index + 1))


def sentence_relations(skeleton: Skeleton, scope_project: Mention | None = None) -> list[Found]:
    """Every relation the v1 rules find in one sentence skeleton."""
    return RULES_V1.relations(skeleton, scope_project)


# 公司与沪瑞超科技、氢禄科技共同投资设立合资公司上海富氢新能源科技有限公司: every company of
# the list partners every other; with a company set up, each invests in it.
_JOINT = re.compile(
    rf"(?P<a>{C})[^{C}{J}。；;！？]{{0,12}}?(?:与|和|同|联合)(?P<list>{C}(?:[、和及与]{C})*)(?:等)?"
    rf"(?P<gap>[^{C}{J}。；;！？]{{0,16}}?)"
    rf"(?:(?P<setup>(?:共同|联合|合资)?(?:出资|投资)?(?:设立|成立|组建|新设)(?:了)?(?:一家)?(?:合资公司|合资企业|新公司|公司)?[为：:]?(?P<d>{C})?)"
    rf"|(?:签署|签订|达成|建立|开展|深化)?[^{C}{J}。；;！？]{{0,8}}?(?:战略合作|合作|合资|共建|携手|联合研发|联合开发|共同投资|共同开发|共同出资))")


def joint_ventures(skeleton: Skeleton, discourse: object = None) -> list[Found]:
    """A company and a list it cooperates with or sets up a company with (the rule above)."""
    found = []
    for match in _JOINT.finditer(skeleton.text):
        members = [skeleton.at[match.start("a")]]
        members += [skeleton.at[match.start("list") + i] for i, ch in enumerate(match.group("list")) if ch == C]
        members = list({m.key: m for m in members}.values())
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                found.append(Found("PARTNERS_WITH", first, second, "joint_list", 0.85))
        if match.group("d"):
            venture = skeleton.at[match.start("d")]
            found += [Found("INVESTS_IN", m, venture, "joint_venture", 0.85) for m in members if m.key != venture.key]
    return found


RULES_V1 = RuleSet("v1", (*PAIR_RULES_V1, *PLACE_RULES_V2), TRIGGER_RULES_V1, (joint_ventures,))


# 在江西宜春，一座…工厂投产: a sentence that opens with its place puts its projects there.
_OPENING_PLACE = re.compile(rf"^(?:[^，,。{C}{J}]{{0,14}}[，,])?在[{R}]*([{R}])(?:[，,]|这家|这座|的)")
# v3 (news_checks): the opening place may name a zone of it (在山西转型综合改革示范区，…项目)
_OPENING_PLACE_V3 = re.compile(
    rf"^(?:[^，,。{C}{J}]{{0,14}}[，,])?在[{R}]*([{R}])"
    rf"(?:[^，,。；;{C}{J}{R}]{{0,12}}?(?:开发区|示范区|园区|新区|高新区|工业园区?|经开区|产业园|保税区|自贸区|片区|港区))?"
    rf"(?:[，,]|这家|这座|的)")
_OPENING = {"v1": _OPENING_PLACE, "v2": _OPENING_PLACE, "v3": _OPENING_PLACE_V3}


def _name_places(project: Mention) -> list[Mention]:
    """The regions inside a project's name, most specific first (the deepest; the last written
    among equals), without the scope of a superlative (我国首个…项目, 全省最大…基地)."""
    regions = [r for r in project.regions if not _SUPERLATIVE.match(project.name, r.end - project.start)]
    return sorted(regions, key=lambda r: (-_LEVEL_DEPTH.get(r.level, 0), -r.start))


# A part of a plant, not a project of its own (主厂房, 新增厂房, 总装车间): v2 gives it no place.
# (A power unit is: 某电厂1号机组 is how news names the project; so is a phase: 一期厂房.)
_PLANT_PART = re.compile(r"(?<!期)(?:厂房|车间)$")


def placeable(project: Mention, project_places: str) -> bool:
    """Whether a project may take a place no pattern gave it (its name's region, the sentence's
    or the document's): under ``project_places`` v2 not a part of a plant (厂房, 车间)."""
    return project_places == "v1" or _PLANT_PART.search(project.name) is None


# After a country inside a project's name, a company's name: 美国甲公司数据中心 is the company's country.
_COMPANY_IN_NAME = re.compile(r"[^，,。]*?(?:公司|集团)")


def _name_places_v2(project: Mention) -> list[Mention]:
    """``_name_places`` without a country followed by a company's name (美国甲公司数据中心 is
    where the company is from, not where the centre is)."""
    return [r for r in _name_places(project) if not (
        r.level == "country" and _COMPANY_IN_NAME.match(project.name, r.end - project.start))]


def _project_places(skeleton: Skeleton, found: list[Found], version: str = "v1") -> list[Found]:
    """Places of the sentence's projects that no pattern gave: the most specific region named
    inside the project's name (沈阳里达工厂 in 沈阳), else the place the sentence opens with.

    ``v2`` (rules v4, place_rules): a name's region wider than the place the sentence opens
    with yields to it (在甲市，…中国研发中心 is in 甲市: the country only says whose branch it
    is), a company's country is no place of a name (_name_places_v2),
    and a part of a plant (厂房, 车间) takes no place (nor the document's, in the relations
    component)."""
    placed = {f.source.key for f in found if f.relation == "LOCATED_IN"}
    opening = _OPENING[version].match(skeleton.text)
    place = skeleton.at[opening.start(1)] if opening else None
    out = []
    for mention in skeleton.at:
        if not isinstance(mention, Mention) or mention.label != "Project" or mention.key in placed:
            continue
        if not placeable(mention, version):
            continue
        regions = _name_places(mention) if version == "v1" else _name_places_v2(mention)
        if regions and version != "v1" and place is not None \
                and _LEVEL_DEPTH.get(regions[0].level, 0) < _LEVEL_DEPTH.get(place.level, 0):
            regions = []
        if regions:
            out.append(Found("LOCATED_IN", mention, regions[0], "project_name_region", 0.85))
        elif place is not None:
            out.append(Found("LOCATED_IN", mention, place, "sentence_place", 0.8))
        placed.add(mention.key)
    return out


def pair_matches(rule: PairRule, skeleton: Skeleton) -> list[Found]:
    """The relations one pair rule finds in a skeleton."""
    text, found = skeleton.text, []
    if rule.name == "makes_project_name":
        return _name_products(rule, skeleton)
    position = 0
    while (match := rule.regex.search(text, position)) is not None:
        position = match.start() + 1
        target = skeleton.at[match.start("o")]
        if rule.target_filter and not TARGET_FILTERS[rule.target_filter](target):
            continue
        sources = [skeleton.at[match.start(g)] for g in ("s", "s2")
                   if g in match.re.groupindex and match.group(g)]
        for source in sources:
            if source.key == target.key:
                continue
            if rule.relation in _ACTS and _THROUGH_UNNAMED.search(text, match.start("s"), match.start("o")):
                continue  # 远帆科技公告，公司全资子公司将投资…: an unnamed subsidiary acts
            found.append(Found(rule.relation, source, target, rule.name, rule.confidence))
        if rule.symmetric_partners and len(sources) == 2:
            found.append(Found("PARTNERS_WITH", sources[0], sources[1], rule.name, rule.confidence))
    return found


_LEVEL_DEPTH = {"country": 0, "province": 1, "city": 2, "district": 3}


_SUPERLATIVE = re.compile(r"(?:首|第一|最大|最高|最长|唯一|规模最)")


# Many plants counted together (多家铝制品工厂, 3万余家智能工厂) are no one project (docs/annotation.md).
_AGGREGATE = re.compile(r"[\d.万千百十几数多余]+家|一批|各类|众多")


def _name_products(rule: PairRule, skeleton: Skeleton) -> list[Found]:
    """MAKES from the products inside each project's name. With a target filter (rules v3) the
    name's plant words are read more widely (``PROJECT_NOT_MAKING_V3``: a cold store, an export
    terminal), a product right before another one only says which kind the second is
    (大冶汽车轮毂生产基地项目 makes 轮毂, not 汽车), and plants counted together make nothing."""
    projects = [m for m in skeleton.at if isinstance(m, Mention) and m.label == "Project"]
    if not rule.target_filter:
        return [Found("MAKES", m, product, rule.name, rule.confidence)
                for m in projects if _project_makes(m) for product in m.products]
    keep = TARGET_FILTERS[rule.target_filter]
    found = []
    for project in projects:
        if not _project_makes(project, PROJECT_NOT_MAKING_V3) or _AGGREGATE.match(project.name):
            continue
        if rule.names == "v2" and not placeable(project, "v2"):
            continue  # 某煤电项目主厂房 is a building of the plant: the plant makes the power
        for product in project.products:
            if rule.names == "v2" and _power_unit(product, project):
                continue
            if keep(product) and not _modifies(product, project):
                found.append(Found("MAKES", project, product, rule.name, rule.confidence))
    return found


# A plant that makes what it names: a factory, a base, a line (风电机组生产基地 makes the units)
_MANUFACTURING = re.compile(r"生产|制造|基地|工厂|厂|产业园|产线|装配|总装")


def _power_unit(product: Mention, project: Mention) -> bool:
    """True when ``product`` is a generating unit (…机组) in the name of a project that installs
    it rather than builds it (超超临界燃煤发电机组项目, 海上风电机组项目): a power project, whose
    product is the power an output noun names (docs/annotation.md), not its units."""
    rest = project.name[product.end - project.start:]
    return product.name.endswith("机组") and _MANUFACTURING.search(rest) is None


def _modifies(product: Mention, project: Mention) -> bool:
    """True when another product of the name follows right after ``product`` (or after 用/用的)."""
    return any(other.start > product.start and made_thing(other) and
               project.name[product.end - project.start:other.start - project.start] in ("", "用", "用的")
               for other in project.products)


def _project_makes(project: Mention, not_making: re.Pattern = PROJECT_NOT_MAKING) -> bool:
    """False when the project's name, outside its product names, says it works on products
    rather than making them (回收, 拆解, 检测 ...)."""
    words = list(project.name)
    for product in project.products:
        for index in range(product.start - project.start, product.end - project.start):
            if 0 <= index < len(words):
                words[index] = "·"
    return not_making.search("".join(words)) is None


def trigger_matches(rule: TriggerRule, skeleton: Skeleton, scope_project: Mention | None) -> list[Found]:
    """The relations one trigger rule finds in a skeleton."""
    text, found = skeleton.text, []
    for match in rule.regex.finditer(text):
        if _NEGATION.search(text[max(0, match.start() - 3):match.start()]):
            continue
        subject = _scope_subject(text, match.start(), scope_project, rule.subjects) \
            or _subject(text, match.start(), rule.subjects)
        if subject is None:
            continue
        index, weight = subject
        source = scope_project if index < 0 else skeleton.at[index]
        if rule.places == "v2" and _attributive(text, match.start(), match.end(), index):
            continue  # 乙公司开发的位于丙区…的广场, 总部设在丁国的戊集团: not the subject's place
        for target, item_weight in _objects(rule, skeleton, match.end()):
            if target.key == source.key:
                continue
            found.append(Found(rule.relation, source, target, rule.name,
                               round(rule.confidence * weight * item_weight, 3)))
    return found


def _subject(text: str, position: int, labels: str) -> tuple[int, float] | None:
    """Nearest subject in the clause before ``position``, else in the clauses before it.

    A company after a preposition (由, 与, 向 ...) or a copula (是, 为) is an object, not a
    subject; a colon opens a new topic, so nothing before it is looked at.
    """
    topic_start = max(text.rfind(c, 0, position) for c in "：:") + 1
    clause_start = max(text.rfind(c, 0, position) for c in "，,") + 1
    clause_start = max(clause_start, topic_start)
    for index in range(position - 1, clause_start - 1, -1):
        if text[index] in labels and not _is_object(text, index):
            return index, 1.0
        if text[index] in (C, J) and text[index] not in labels:
            return None
    for index in range(clause_start - 1, topic_start - 1, -1):
        if text[index] in labels and not _is_object(text, index):
            return index, 0.9
    return None


def topic_index(text: str) -> int | None:
    """Skeleton index of the sentence topic: its first company that is not an object."""
    return next((i for i, ch in enumerate(text) if ch == C and not _is_object(text, i)), None)


def _is_object(text: str, index: int) -> bool:
    if text[max(0, index - 2):index] == "以及" and index - 2 in (0, text.rfind("，", 0, index) + 1):
        return False  # 以及X公司，位于…: a new item of a list, the subject of what follows
    return _after_preposition(text, index) or (index > 0 and text[index - 1] in "是系")


def _after_preposition(text: str, index: int) -> bool:
    return index > 0 and text[index - 1] in _PREPOSITIONS


def _scope_subject(text: str, position: int, project: Mention | None, labels: str):
    """项目位于衢江区: a clause opened by 项目/该项目 speaks of the paragraph's project."""
    if project is None or J not in labels:
        return None
    clause_start = max(text.rfind(c, 0, position) for c in "，,：:。") + 1
    if re.match(r"(?:该|本)?项目", text[clause_start:position]):
        return -1, 0.9
    return None


def _objects(rule: TriggerRule, skeleton: Skeleton, start: int):
    """(object Mention or raw product Mention, weight) in the zone after a trigger."""
    text = skeleton.text
    stop = _ZONE_STOP.search(text, start)
    end = stop.start() if stop else len(text)
    zone = text[start:end]
    if rule.last_object_only:
        run = re.match(rf"[{R}]+", zone)
        if run is None or _PLANT_AFTER.match(zone, run.end()):
            return []  # 位于韩国釜山的工厂, 位于大连的闪存制造厂: the plant's place, not the subject's
        return [(skeleton.at[start + run.end() - 1], 1.0)]
    if rule.relation != "MAKES":
        first = re.match(rf"[^{C}{J}]{{0,6}}?([{rule.objects}])", zone)
        return [(skeleton.at[start + first.start(1)], 1.0)] if first else []
    if rule.items == "v2":
        return product_items_v2(skeleton, start, zone, rule.raw_items)
    if rule.items == "v3":
        items = whole_products(skeleton, product_items_v2(skeleton, start, zone, rule.raw_items, split_items_v3))
        return [(product, weight) for product, weight in items if not NO_PRODUCT_AT_ALL.search(product.name)]
    return _product_items(skeleton, start, zone, rule.raw_items)


# 的位于X…的Y, 其位于X的Y: a 位于 clause that modifies a later noun (places v2)
_ATTRIBUTIVE_AFTER = re.compile(rf"[{R}]+[^{C}{J}，,。；;！？]{{0,16}}?的(?P<next>[{C}{J}])?")


def _attributive(text: str, start: int, end: int, subject: int) -> bool:
    """True when the place clause ``text[start:end]`` + its regions ends in 的 and so modifies
    what follows, not the subject: after 的/其 (开发的位于…的广场), away from its subject
    (袭击了位于…的炼油厂), or before a company or project named next (总部设在英国的甲集团).
    A subject right before it keeps its place (甲项目位于乙市的园区内), and so does one the noun
    is said to be (甲是首家落户乙区的企业)."""
    after = _ATTRIBUTIVE_AFTER.match(text, end)
    if after is None or (0 <= subject and re.search(r"[是系]", text[subject + 1:start])):
        return False  # 甲是首家落户乙区的企业: the noun is the subject itself
    return text[start - 1:start] in ("的", "其") or 0 <= subject != start - 1 or after.group("next") is not None


def _product_items(skeleton: Skeleton, start: int, zone: str, raw: bool):
    if C in zone or J in zone:
        zone = zone[:min(i for i in (zone.find(C), zone.find(J)) if i >= 0)]
    items = []
    offset = 0
    for piece in _split_items(zone):
        index = zone.find(piece, offset)
        offset = index + len(piece)
        if P in piece:
            items += [(skeleton.at[start + index + i], 1.0) for i, ch in enumerate(piece) if ch == P]
        elif raw and _plausible_item(piece):
            items.append((_raw_product(skeleton, start + index, piece), 0.8))
    return items


def _split_items(zone: str) -> list[str]:
    """钴、镍和锂电正极材料等 -> ['钴', '镍', '锂电正极材料']."""
    zone = re.sub(r"等(?:产品|门类|多种|系列)?$", "", zone.strip())
    pieces = [p for p in re.split(r"、|以及|及其", zone) if p]
    if pieces:
        last = re.split(r"和|及", pieces[-1])
        if len(last) == 2 and all(len(x) >= 2 for x in last):
            pieces = pieces[:-1] + last
    return [p.strip() for p in pieces if p.strip()]


def _plausible_item(piece: str) -> bool:
    return 2 <= len(piece) <= 12 and "等" not in piece and not _ITEM_BAD.search(piece) \
        and not re.search(r"[\ue000-\ue003]", piece) and not piece.isascii()


def _raw_product(skeleton: Skeleton, index: int, piece: str) -> Mention:
    start = skeleton.at[index]
    return Mention("Product", product_key(piece), piece, start, start + len(piece))


def most_confident(found: list[Found]) -> list[Found]:
    """One relation per type and ends: the most confident of those found."""
    best: dict[tuple, Found] = {}
    for item in found:
        marker = (item.relation, item.source.key, item.target.key)
        if marker not in best or item.confidence > best[marker].confidence:
            best[marker] = item
    return list(best.values())


# ------------------------------------------------------------------ tables

_COMPANY_HEADER = re.compile(r"企业|公司|名称")
_PRODUCT_HEADER = re.compile(r"产品")
_PLACE_HEADER = re.compile(r"所在地|地区|地址|所在城市|区域")


@dataclass(frozen=True)
class TableCell:
    column: str  # company | product | place
    start: int
    end: int


def table_rows(text: str) -> list[list[TableCell]]:
    """Cells of tab-separated table rows under a header naming company and product/place columns.

    Readers turn .docx/.html/.md tables into lines of tab-separated cells; a header such as
    ``企业<TAB>所在地<TAB>主要产品`` says which column holds what.
    """
    rows, columns = [], None
    position = 0
    for line in text.split("\n"):
        cells = _cells(line, position)
        position += len(line) + 1
        if len(cells) < 2:
            columns = None if line.strip() else columns
            continue
        header = _header_columns([text[s:e] for s, e in cells])
        if header:
            columns = header
        elif columns:
            rows.append([TableCell(columns[i], s, e) for i, (s, e) in enumerate(cells) if i in columns])
    return rows


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    cells, start = [], 0
    for piece in line.split("\t"):
        lead = len(piece) - len(piece.lstrip())
        cells.append((offset + start + lead, offset + start + len(piece.rstrip())))
        start += len(piece) + 1
    return cells if len(cells) >= 2 else []


def _header_columns(cells: list[str]) -> dict[int, str] | None:
    columns = {}
    for index, cell in enumerate(cells):
        if len(cell) > 8:
            return None
        if "company" not in columns.values() and _COMPANY_HEADER.search(cell) and "简称" not in cell:
            columns[index] = "company"
        elif "product" not in columns.values() and _PRODUCT_HEADER.search(cell):
            columns[index] = "product"
        elif "place" not in columns.values() and _PLACE_HEADER.search(cell):
            columns[index] = "place"
    return columns if "company" in columns.values() and len(columns) >= 2 else None


def product_cell_items(cell: str) -> list[tuple[int, str]]:
    """(offset in cell, item) for a product cell such as 工业机器人、伺服系统."""
    items, offset = [], 0
    for piece in re.split(r"[、，,;；/]", cell):
        stripped = piece.strip()
        if stripped:
            items.append((cell.find(stripped, offset), stripped))
        offset += len(piece) + 1
    return items


# ------------------------------------------------------------------ MAKES zones, version 2

# A product named as a market, chain or trade (布局锂电池产业链, 光伏组件市场) is not made.
_MARKET_AFTER = re.compile(r"(?:产业链|产业|市场|行业|领域|赛道|板块|价格|需求|企业|厂商|客户)")
# Words of a state or a change, not a thing made (生产效率提高, 生产暂停, 年产值跨过百亿元).
_STATE_WORDS = re.compile(
    r"效率|效益|情况|模式|过程|流程|格局|局势|竞争力|水平|节拍|暂停|恢复|提高|提升|增长|翻倍|实现|跨过|超过|"
    r"达到|下降|试飞|交付|交货|出货|运转|秩序|安全|产业链|局面|任务|计划|工作|活动|带动|促进|推动|"
    r"生产|制造|下线|投产|量产|上市|开发|测试|检测|组装|封装|养殖|屠宰|升级|改造|顺利|正常|高效|影响|"
    r"^[一两二三四五六七八九十几数多]+[项款种个家批]|[期局]$")
_COUNTED = re.compile(r"\d[\d.]*\s*[多余]?[万亿千百]?[多余]?(?:元|公里|吨|台|辆|件|个|次|人|剂|套|只|片|条|张|块|颗|座|家|项|款|种|%|％|瓦)")
_DETERMINER = re.compile(r"^(?:了|各种|各类|多种|多款|更多|部分|一系列|一批|系列)")
# 生产和交付, 研发、生产、销售和回收…: the verb's partners, not its objects, are skipped
_COORDINATED_VERB = re.compile(r"^(?:[和与及并、](?:销售|研发|设计|加工|回收|交付|交货|服务|检测|测试|组装|封装|经营|推广|应用))+")
_ADVERB = re.compile(r"依然|仍然|仍|均|都|已|也|正|十分|非常|较为|顺利|正常|高效|一线|现场|环节|领域|过程|能力|体系|等|[，,。；;]|$")
_USED_IN = re.compile(r"(?:使用|所用|采用|配套|搭载)的")  # 逆变器使用的电源模块: the module is made
_FOR_USE = re.compile(rf"{P}用(?:的|于)?(?=[^\s，,。；;])")  # 电池用的隔膜材料: the later noun is made


def product_items_v2(skeleton: Skeleton, start: int, zone: str, raw: bool, split=None):
    """(product Mention, weight) of a MAKES zone, read as ``_product_items`` with what real news
    adds: a verb joined to another verb (生产和交付) has no object; 电池用隔膜 makes the later
    noun; a product followed by 市场/产业链 is a market; every 和/及 of a list splits it
    (光伏支架和⟨P⟩); raw items that are states, counts or determiners are dropped. ``split``
    reads the zone into pieces (``_split_items_v2`` unless given: ``split_items_v3``)."""
    partners = _COORDINATED_VERB.match(zone)
    if partners:
        start, zone = start + partners.end(), zone[partners.end():]
        if _ADVERB.match(zone):
            return []  # 生产与交付依然高效: the verbs have no object
    cut = min([i for i in (zone.find(C), zone.find(J)) if i >= 0], default=len(zone))
    zone = zone[:cut]
    items = []
    offset = 0
    for piece in (split or _split_items_v2)(zone):
        index = zone.find(piece, offset)
        offset = index + len(piece)
        used = _FOR_USE.match(piece) or _USED_IN.search(piece)
        if used:
            index, piece = index + used.end(), piece[used.end():]
        if P in piece:
            for i, ch in enumerate(piece):
                if ch == P and not _MARKET_AFTER.match(piece, i + 1) and not _MARKET_AFTER.match(zone, index + i + 1):
                    items.append((skeleton.at[start + index + i], 1.0))
            continue
        lead = _DETERMINER.match(piece)
        if lead:
            index, piece = index + lead.end(), piece[lead.end():]
        if raw and _plausible_item(piece) and not _STATE_WORDS.search(piece) and not _COUNTED.search(piece) \
                and not _MARKET_AFTER.search(piece):
            items.append((_raw_product(skeleton, start + index, piece), 0.8))
    return items


def _split_items_v2(zone: str) -> list[str]:
    """钴、镍和锂电正极材料等 -> ['钴', '镍', '锂电正极材料']; 光伏支架和⟨P⟩ -> ['光伏支架', '⟨P⟩']:
    a 和/及/与 splits where each side is a placeholder or at least two characters."""
    zone = re.sub(r"等(?:产品|门类|多种|系列)?$", "", zone.strip())
    pieces = []
    for piece in (p for p in re.split(r"、|以及|及其", zone) if p):
        parts = re.split(r"和|及|与|或", piece)
        if len(parts) > 1 and all(len(x) >= 2 for x in parts):
            pieces += parts
        else:
            pieces.append(piece)
    return [p.strip() for p in pieces if p.strip()]


MAKE_VERBS_V2 = (r"(?:主营(?!业务收入|收入)(?:业务|产品)?(?:为|是|有|包括)?|主要产品(?:为|是|有|包括|涵盖)?"
                 r"|产品(?:包括|有|涵盖|主要有|主要为|以)"
                 r"|(?:主要|专业|研发|负责)?生产(?!商|基地|线|车间|企业|能力|规模|工艺|设备|厂|经营|制造|原料"
                 r"|所需|所用|用|需要|需求|要素|资料|总值|力|设施)"
                 r"|(?<!年产\d)年产(?!值)(?:能)?(?:[\d.]+万?吨)?|制造(?!商|业|基地)|专注于|布局了?|(?<!产)量产|推出了?)")


# 甲等乙 inside a raw piece: an example and its kind (影院等互动体验设备), both made; not 等离子
_EXAMPLE_AND_KIND = re.compile(r"^(?P<a>.{2,}?)等(?!离子)(?P<b>.{2,})$")
# the kind must end as products do (…设备, …材料, …药品), else it is a topic or a field (噱头等情形)
_KIND_END = re.compile("(?:" + "|".join(PRODUCT_HEADS_V2) + r"|器材|仪器|用品|制品|食品|药品|家电)$")


def split_items_v3(zone: str) -> list[str]:
    """``_split_items_v2`` with a piece that names an example and then its kind split in two
    (软刀等磨削工具 -> ['软刀', '磨削工具']), as a list of lexicon products is read by
    makes_list_kind; only where the example reads as a product and the kind ends in a product's
    head noun (产品销售等问题, 热点、噱头等情形 are no lists)."""
    pieces = []
    for piece in _split_items_v2(zone):
        example = _EXAMPLE_AND_KIND.match(piece)
        if example and _plausible_item(example.group("a")) and not _STATE_WORDS.search(example.group("a")) \
                and _plausible_item(example.group("b")) and _KIND_END.search(example.group("b")):
            pieces += [example.group("a"), example.group("b")]
        else:
            pieces.append(piece)
    return pieces


# A longer name a product only begins: more name characters up to a product's head noun where
# the list item ends (广播电视专业设备, 工程机械农业机械部件, 无人机巡检系统)
_LONGER_NAME = re.compile(
    rf"(?![、和及与或等的])[^、和及与或等的为，,。；;：:\s（）()]{{1,8}}?"
    rf"(?:{'|'.join(PRODUCT_HEADS_V2)}|系统|器件|配件|专用料|{P})(?=[、和及与或等的，,。；;]|$)")


# What a production zone (items v3) or a line of business names that is no kind of physical
# product: services, solutions, software, a bare field (相关产品, 智能系统解决方案, 信息)
NOT_A_KIND = re.compile(r"(?:产品|业务|技术|服务|方案|项目|工程|领域|行业|软件|平台)$|SaaS|^(?:信息|数据|网络|智能)$")
# …of which a production verb's zone keeps the kinds of 产品 it names (电声产品, 高压产品)
NO_PRODUCT_AT_ALL = re.compile(r"(?:技术|服务|方案|领域|行业|软件|平台)$|SaaS|^(?:产品|相关产品|信息|数据|网络|智能)$")


def whole_products(skeleton: Skeleton, items: list) -> list:
    """``items`` without an entity product that only begins a longer name ending in a product's
    head (广播电视专业设备, 工程机械部件, 无人机巡检系统): the lexicon matched a word inside the
    thing made."""
    return [(product, weight) for product, weight in items
            if (index := skeleton.index_of(product)) is None or not _LONGER_NAME.match(skeleton.text, index + 1)]
