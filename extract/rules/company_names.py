"""Company names in Chinese text: legal-suffix rules, short names, former names and groups.

Pure functions over a (normalised) document text, so they can be tested without spaCy:
``find_companies(text, regions)`` returns the company mentions with one key a company and,
per key, the full name, aliases, credit code and the region its name carries.

How a full name is found: a legal suffix (有限公司, 股份有限公司, 集团 ...) is located, the
run of name characters before it is taken, and its start is chosen by (a) a region prefix
(浙江, 衢州 ...) when what follows the region reads like a brand, else (b) the last boundary
word (由, 与, 关注, 子公司 ...) in the run. Short names come from 简称“X” in the text and from
the brand part of each full name (华友钴业 <- 浙江华友钴业股份有限公司).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chainkg.contract.keys import normalise_name
from chainkg.extract.rules.foreign_names import ForeignHit

SUFFIXES = (
    "集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司", "有限责任公司",
    "有限公司", "集团公司", "产业投资基金", "株式会社", "集团", "公司",
)
_SUFFIX_RE = re.compile("|".join(SUFFIXES))
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&]")
_PAREN_GROUP = re.compile(r"[（(][\u4e00-\u9fff]{1,8}[）)]$")
_MAX_RUN = 30
# Words after which a company name starts; multi-character ones may also cut a region-led run.
MULTI_BOUNDARIES = (
    "子公司", "母公司", "合资公司", "合资企业", "新公司", "全资", "控股", "旗下", "设有", "设立", "成立", "关注", "对接", "引进",
    "联系", "包括", "收购", "签约", "入驻", "落户", "投资", "合作", "推进", "建设", "以及", "还有",
    "其中", "支持", "推动", "依托", "围绕", "走访", "主体为", "承建", "运营", "通过", "携手",
    "联合", "牵头", "客户", "供应", "供给", "供货", "提供", "采购", "送往", "卖给", "配套", "交付", "供应商", "生产商", "制造商", "例如", "比如", "企业是", "公司是",
    # news of visits: 总书记来到昌河飞机工业（集团）有限责任公司
    "来到", "走进", "考察", "参观", "视察", "看望", "前往", "调研",
)
SINGLE_BOUNDARIES = set("由与和及同向为是把被将在对给从的了有即系经并或也都已于以如至跟让使")
_NOT_AFTER_REGION = set("的之与和及在等是为、市省县区")
GENERIC_BRANDS = {
    "子", "母", "该", "本", "分", "总", "上市", "全资", "控股", "合资", "参股", "这家", "那家", "一家",
    "各", "其", "我", "贵", "外资", "国有", "民营", "企业", "产业", "大型", "龙头", "央企", "跨国",
    "有限", "股份", "科技", "投资", "发展", "实业", "新", "两家", "多家", "平台", "运营", "项目",
}
_ALIAS_DEF = re.compile(r"(?:以下)?(?:简称|下称)[为:：]?\s*[“\"「『]?([^”\"」』，,、；;（）()]{2,15}?)[”\"」』]?(?=[，,；;）)]|$)")
_FORMER = re.compile(r"(?:原名|曾用名|前身为|前身是)[为:：]?")
_CREDIT_CODE = re.compile(r"统一社会信用代码[为是:：]?\s*([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})")
_GENERIC_TAIL = re.compile(r"(?:高新材料|新材料|材料|科技|技术|实业|控股|发展|智能装备|自动化|微电子|电子)$")
_DESCRIPTOR = re.compile(r"(?:龙头)?(?:企业|公司|车企|药企|房企|民企|国企|外企|上市公司|同业|厂商)(?=[\u4e00-\u9fffA-Za-z])")
_GROUP = re.compile(r"([\u4e00-\u9fff]{2,4})系(?=企业|公司|[，。、；的])")


@dataclass(frozen=True)
class NameCuts:
    """News words a name run may catch at its front or back, cut off before a name is taken.

    ``front`` matches from a run's start; the name starts after its last match. ``back``
    matches at a name's end; what it covers is cut off. None cuts nothing.
    """

    front: re.Pattern | None = None
    back: re.Pattern | None = None


# Versioned, chosen in the pipeline's config, so a change is measurable against the old one.
# v1 cuts nothing; v2 cuts reporting verbs and time words (据雅迪科技集团, 报道称三星集团,
# 媒体援引…集团, 今年…, 批准国民信托有限公司) and an announcement's own words at the back
# (九安医疗再发异动公告).
_NEWS_FRONT = r"报道称|消息称|援引|宣布|表示|透露|批准|采用|加速|获悉"
_TIME_FRONT = r"(?:据悉|据了解|据报道|据|记者|媒体|今年|近日|目前|日前|同时|此前|今天|今日|昨天|随后|另外|此外|其中|当天|当日)*"
# v3: a descriptor the news puts before a full name (负极材料生产企业贝特瑞…, 光伏巨头隆基…, 新能源
# 车企…): the name starts after it when a name of two characters or more follows and the word
# is no part of a name (…企业管理有限公司, …企业集团, 企业家, 中央企业乡村产业投资基金).
_DESCRIPTOR_FRONT = (r"(?:(?<!中央)企业|巨头|龙头|厂商|车企|药企|房企)(?=[\u4e00-\u9fffA-Za-z]{2})"
                     r"(?!管理|发展|服务|咨询|孵化|投资|集团|联合|家|主|级|化|文化|形象|信用)")
_V2_BACK = re.compile(r"(?:(?:再发|发布|披露)?(?:异动|风险提示|澄清)(?:公告)?|公告|回复关注函|官方微信)$")
# v4: also the time of day an announcement came (兴业科技午间公告, 某某股份晚间披露) and the verbs
# a cue's run takes in before its object (子公司瑞泰克进行增资, 子公司上海科特报送的…).
_V4_BACK = re.compile(r"(?:(?:再发|发布|披露)?(?:异动|风险提示|澄清)(?:公告)?|公告|回复关注函|官方微信|"
                      r"午间|晚间|早间|盘中|盘后|盘前|进行|报送)$")
NAME_CUTS = {
    "v1": NameCuts(),
    "v2": NameCuts(front=re.compile(rf"(?:.*(?:{_NEWS_FRONT}))?{_TIME_FRONT}"), back=_V2_BACK),
    "v3": NameCuts(front=re.compile(rf"(?:.*(?:{_NEWS_FRONT}|{_DESCRIPTOR_FRONT}))?{_TIME_FRONT}"),
                   back=_V2_BACK),
    "v4": NameCuts(front=re.compile(rf"(?:.*(?:{_NEWS_FRONT}|{_DESCRIPTOR_FRONT}))?{_TIME_FRONT}"),
                   back=_V4_BACK),
}


@dataclass(frozen=True)
class Mention:
    """A company mention: half-open character span, company key and how it was found."""

    start: int
    end: int
    key: str
    kind: str  # full | short | group | registry | cue | foreign


@dataclass
class CompanyInfo:
    """What one document says about one company."""

    name: str
    aliases: list[str] = field(default_factory=list)
    credit_code: str | None = None
    region: str | None = None  # canonical region the name carries (衢州市 for 衢州xx有限公司)
    brand: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class RegionSpan:
    start: int
    end: int
    name: str  # canonical region name


def find_companies(text: str, regions: list[RegionSpan],
                   registry: list[tuple[int, int, str]] = (),
                   countries: frozenset[str] = frozenset(),
                   cuts: NameCuts = NAME_CUTS["v1"], enumerations: bool = False,
                   cues: str = "v1", shapes: bool = False, described_lists: bool = False, others: list[tuple[int, int]] = (),
                   foreign: list[ForeignHit] = ()) -> tuple[list[Mention], dict[str, CompanyInfo]]:
    """Company mentions of ``text`` and what the text says about each company, by key.

    ``regions`` are the region mentions of the text; ``registry`` are (start, end, key) hits of
    a company registry lexicon, which win over rule-found names they overlap. A region named in
    ``countries`` (foreign countries) is never part of a name: 德国博世集团 is 博世集团, with
    德国 before it. ``cuts`` are the news words cut off a name's run (``NAME_CUTS``). With
    ``enumerations``, the other members of a list that names a found company (甲、乙和丙) are
    companies too, unless they lie on one of the ``others`` spans (products, segments).
    ``cues`` is the version of the financial-news cues that name a company without a legal
    suffix (``CUES``). With ``shapes``, a two-character brand and a trade word (甲乙锂业, 甲乙股份)
    between a clause's edges is a company. With ``described_lists``, a list a word for companies
    introduces or closes (主要客户为甲、乙和丙; 甲、乙等多家上市公司) is one of companies too.
    ``foreign`` are the listed foreign companies the text names (extract/rules/foreign_names.py):
    each a company under its listed name, where no longer name covers it.
    """
    stops = {r.end for r in regions if r.name in countries and (
        r.start == 0 or not _NAME_CHAR.match(text, r.start - 1) or text[r.start - 1] in SINGLE_BOUNDARIES)}
    # 衢州企业远帆锂业…, 日本车企丰田…: a place and a word for companies before a name
    stops |= {m.end() for r in regions if (m := _DESCRIPTOR.match(text, r.end)) is not None}
    full = _full_names(text, [r for r in regions if r.name not in countries], stops, cuts)
    infos: dict[str, CompanyInfo] = {}
    mentions = [_register_full(text, name, infos) for name in full]
    mentions = _merge_former_names(text, mentions, infos)
    mentions = _fold_regionless(mentions, infos)
    for start, end, key in registry:
        mentions.append(Mention(start, end, key, "registry"))
        infos.setdefault(key, CompanyInfo(text[start:end]))
    mentions += [_foreign_mention(text, hit, infos) for hit in foreign]
    # the list found each of its names where the text supports it: none recurs as a short name
    listed = frozenset(m.key for m in mentions if m.kind == "foreign")
    mentions += _cue_mentions(text, mentions, regions, infos, cuts, CUES[cues])
    mentions += _subsidiary_mentions(text, mentions, regions, infos, cuts)
    mentions = _non_overlapping(mentions)
    _attach_credit_codes(text, mentions, infos)
    mentions += _short_mentions(text, mentions, infos, listed)
    mentions += _group_mentions(text, mentions, infos)
    # each step's new names recur as short names, so the next step may read them; no name found
    # by list or by shape touches a region or a product or segment the lexicon knows
    fixed = {i for s, e in others for i in range(s, e)} | {i for r in regions for i in range(r.start, r.end)}
    steps = [(CUES[cues].partners, lambda found: _partner_mentions(text, found, regions, infos)),
             # lists before shapes: a guess by shape is no anchor for a list
             (enumerations, lambda found: _enumeration_mentions(text, found, infos, fixed, cuts, described_lists)),
             (shapes, lambda found: _shape_mentions(text, found, infos, fixed))]
    for wanted, step in steps:
        if not wanted:
            continue
        mentions = _non_overlapping(mentions)
        new = step(mentions)
        if new:
            mentions += new + _short_mentions(text, mentions + new, infos, listed)
    # A credit code stays a property: the key is the full name, as in the registry, and the
    # loader joins a code it already holds to its node (graph/resolve.py).
    return _non_overlapping(mentions), infos


# ------------------------------------------------------------------ cues of financial news

# A name before a stock code is a listed company: 三超新材(300554), 丰田汽车(TM.N).
_STOCK_CODE = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,12})[（(](?:\d{6}|\d{4,5}\.HK|[A-Z]{1,5}\.[A-Z]{1,2}|"
                         r"\d{6}\.(?:SH|SZ|BJ))[)）]")
# v2 also reads 甲科技（股票代码：300554）, 甲科技(SZ300554), 甲科技（NASDAQ: ABCD）
_STOCK_CODE_V2 = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,12})[（(](?:(?:股票|证券)代码[:：]?\s*)?"
                            r"(?:\d{6}|\d{4,5}\.HK|[A-Z]{1,5}\.[A-Z]{1,2}|\d{6}\.(?:SH|SZ|BJ)|(?:SH|SZ|BJ)\d{6}|"
                            r"(?:NYSE|NASDAQ|Nasdaq|纳斯达克|纽交所|港股|HK)[:：]?\s*[A-Z0-9]{1,6})[)）]")
# 【海目星：拟投资7亿元…】 and 鄂尔多斯公告 / 长青股份在互动平台表示: the subject of an announcement.
_HEADLINE = re.compile(r"【([\u4e00-\u9fffA-Za-z]{2,10})[：:]")
_ANNOUNCES = re.compile(r"(?:^|(?<=[。\n】]))\s*([\u4e00-\u9fffA-Za-z]{2,10}?)"
                        r"(?:(?:晚间|早间|近日|日前|今日)?(?:发布公告|公告称|公告|披露)"
                        r"|(?:在|于)(?:投资者)?(?:互动平台|互动易平台|机构调研时|业绩说明会上?)(?:上)?(?:表示|回复|称|介绍))")
_CUE_WORD_CUT = re.compile(r"^.*(?:称|据|与|和|及|是|为|在|对|向|公告|表示|消息|获悉|了|的|日|月|年|】|【|，)")
_NOT_A_COMPANY = re.compile(
    r"^(?:公司|本公司|该公司|记者|专家|分析师|业内人士|人士|机构|媒体|官方|市场|我国|中国|政府|部门|国家|"
    r"证监会|交易所|上交所|深交所|港交所|董事会|监事会|股东|投资者|央行|财政部|发改委|工信部|商务部)$")
# v2: a news item opening with its subject (甲科技：拟投资…), 记者从甲集团获悉, a Latin name after
# a word for a company (合资公司Alpha Motors, 能源集团PTT).
_OPENING = re.compile(r"(?:^|(?<=\n))\s*([\u4e00-\u9fffA-Za-z]{2,10})[：:]"
                      r"(?=(?:公司|全资子公司|控股子公司|子公司|控股股东)?(?:拟|将|预计|预|已|与|获|中标|签署|签订|收到|"
                      r"发布|披露|终止|完成|回购|增持|减持|子公司))")
_REPORTER_FROM = re.compile(r"记者(?:日前|近日|今天|今日|昨天|昨日)?从([\u4e00-\u9fffA-Za-z]{2,12}?)"
                            r"(?:方面|官方|总部)?(?:获悉|了解到|得到消息)")
_LATIN_AFTER_WORD = re.compile(r"(?:公司|集团|企业|车企|药企|巨头|厂商|同业|品牌商)[“\"]?"
                               r"([A-Z][A-Za-z0-9&\-]+(?: [A-Z][A-Za-z0-9&\-]+){0,3})(?![A-Za-z0-9])")
# v4: a company whose officer speaks, at a clause's start (甲科技相关负责人表示, 。甲集团董事长某某).
_OFFICER = re.compile(r"(?:^|(?<=[^\u4e00-\u9fffA-Za-z0-9·&]))([\u4e00-\u9fffA-Za-z]{2,10}?)"
                      r"(?:相关负责人|有关负责人|董事长|总裁|总经理|首席执行官|创始人|董秘|董事会秘书)")
# strict versions also cut a cue name after a passive or causative word (该公司由甲乙(600001))
_STRICT_CUT = re.compile(r"^.*(?:由|被|把|让|使|给|通过|经过)")
# v5: a name a clause says is a company (甲乙是一家以…为主营业务的高新技术企业。)
_IS_A_COMPANY = re.compile(r"(?:^|(?<=[。！？\n，,；;]))\s*([\u4e00-\u9fffA-Za-z]{2,12}?)(?:是|系)一家"
                           r"[^，。；;！？\n]{0,30}?(?:企业|公司|厂商|制造商|供应商|生产商|服务商|运营商)(?=[，。；;！？\n])")
# where a person's name is as likely as a company's (某某董事长, 某某是一家…公司的): none is taken
_PERSON_SLOTS = (_OFFICER, _IS_A_COMPANY)
# a person, an office or a place's government is no company: 科技部副部长某某, 某市商务局
_PERSON_OR_OFFICE = re.compile(
    r"部长|行长|主席|总裁|董事长|总经理|经理|局长|省长|市长|书记|总理|总统|院士|专家|分析师|教授|首席|发言人|"
    r"^(?:会上|网上|现场|有关方面|相关部门|多方|权威渠道|知情人士|CEO|CFO|CTO|COO|IPO|APP|App|ESG|AI|IT)$|"
    r"(?:部|局|委|厅|办|署|院|政府|法院|协会|中心|市|省|县|区|副|原|前|兼)$|任职|担任|出任")


@dataclass(frozen=True)
class Cues:
    """The financial-news patterns whose group 1 is a company, and whether a name's words are
    checked against ``_PERSON_OR_OFFICE``."""

    patterns: tuple[re.Pattern, ...]
    strict: bool = False
    partners: bool = False


# Versioned like NAME_CUTS: v1 a stock code after the name, a headline's subject, the subject
# of 公告 / 在互动平台表示; v2 adds _OPENING, _REPORTER_FROM and _LATIN_AFTER_WORD and keeps no
# cue name that reads as a person or an office; v3 adds the parties of a found company
# (_partner_mentions), v4 _OFFICER, v5 _IS_A_COMPANY.
_CUES_V2 = (_STOCK_CODE_V2, _HEADLINE, _ANNOUNCES, _OPENING, _REPORTER_FROM, _LATIN_AFTER_WORD)
CUES = {
    "v1": Cues((_STOCK_CODE, _HEADLINE, _ANNOUNCES)),
    "v2": Cues(_CUES_V2, strict=True),
    "v3": Cues(_CUES_V2, strict=True, partners=True),
    "v4": Cues((*_CUES_V2, _OFFICER), strict=True, partners=True),
    "v5": Cues((*_CUES_V2, _OFFICER, _IS_A_COMPANY), strict=True, partners=True),
}
# v3: the party a found company (or 公司, the announcing one) signs or works with: 甲科技与乙创投及
# 其他方合作设立…, 公司与北岭市政府、乙创业等签署… (乙创投, 乙创业; not the government).
_PARTY = r"(?:(?!的|在|于|将|拟|已|日前|近日|举行|重组|方面|正式)[\u4e00-\u9fffA-Za-z]){2,10}?"
_PARTNER = re.compile(rf"(?:公司|集团)?与((?:{_PARTY}、)*{_PARTY})"
                      r"(?:及其他方|及其他|等(?:单位|企业|公司|机构|方面)?)?"
                      r"(?=(?:共同|正式|拟|将|已)?(?:签署|签订|合作|就|达成|合资|成立|设立|组建|联合|携手|战略合作)|的合资|的合作)")
_GENERIC_PARTY = re.compile(r"^(?:该|其|上述|自然人|对方|客户|多家|各方|当地|相关|合作|双方|三方|一家|某|有关|国内|国外|"
                            r"海外|境外)")
# a person's name: a common surname and one or two characters
_PERSON_NAME = re.compile(r"^[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
                          r"程苏魏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯史陶黎贺顾毛郝龚邵"
                          r"钱严覃戴莫孔汤][\u4e00-\u9fff]{1,2}$")
_NOT_A_PARTNER = re.compile(f"{_GENERIC_PARTY.pattern}|{_PERSON_NAME.pattern}")



def _cue_mentions(text: str, mentions: list[Mention], regions: list[RegionSpan],
                  infos: dict[str, CompanyInfo], cuts: NameCuts = NAME_CUTS["v1"],
                  cues: Cues = CUES["v1"]) -> list[Mention]:
    """Companies a financial-news cue names: a stock code after the name, a headline's
    subject, the subject of 公告 / 在互动平台表示 (and the ``cues`` version's others). Not where
    a found name already lies."""
    taken = _occupied(mentions)
    region_names = {text[r.start:r.end] for r in regions}
    found = []
    for pattern in cues.patterns:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            cut = _CUE_WORD_CUT.match(text, start, end)  # ^ holds at the text's start only
            if cut:
                start = cut.end()
            if cues.strict:  # the cut words anywhere in the name, and the passive ones
                for cutter in (_CUE_WORD_CUT, _STRICT_CUT):
                    cut = cutter.match(text[start:end])
                    start += cut.end() if cut else 0
            start, end = _cut_news_words(text, start, end, cuts)
            name = text[start:end]
            if len(name) < 2 or _NOT_A_COMPANY.match(name) or name in region_names \
                    or taken.intersection(range(start, end)) \
                    or (cues.strict and (_PERSON_OR_OFFICE.search(name) or _GENERIC_PARTY.match(name)
                                         or pattern in _PERSON_SLOTS and _PERSON_NAME.match(name))):
                continue
            found.append(_cue_mention(name, start, end, infos, taken))
    return found


def _foreign_mention(text: str, hit: ForeignHit, infos: dict[str, CompanyInfo]) -> Mention:
    """A listed foreign company (特斯拉): keyed by its listed name, the form written an alias."""
    key = normalise_name(hit.name)
    info = infos.setdefault(key, CompanyInfo(hit.name))
    written = text[hit.start:hit.end]
    if written != info.name and written not in info.aliases:
        info.aliases.append(written)
    return Mention(hit.start, hit.end, key, "foreign")


def _partner_mentions(text: str, mentions: list[Mention], regions: list[RegionSpan],
                      infos: dict[str, CompanyInfo]) -> list[Mention]:
    """The parties a found company, or 公司, signs or works with (甲科技与乙创投共同设立…): each
    one a company, unless it reads as a place, an office, a person's title or a pronoun."""
    ends = {m.end for m in mentions}
    taken = _occupied(mentions)
    region_names = {text[r.start:r.end] for r in regions}
    found = []
    for match in _PARTNER.finditer(text):
        if match.start() not in ends and not text.startswith(("公司", "集团"), match.start()):
            continue
        position = match.start(1)
        for name in match.group(1).split("、"):
            start, end = position, position + len(name)
            position = end + 1
            if taken.intersection(range(start, end)) or name in region_names or name in GENERIC_BRANDS \
                    or _NOT_A_COMPANY.match(name) or _PERSON_OR_OFFICE.search(name) \
                    or _NOT_A_PARTNER.match(name) or not _MEMBER_CHARS.fullmatch(name):
                continue
            found.append(_cue_mention(name, start, end, infos, taken))
    return found


def _cue_mention(name: str, start: int, end: int, infos: dict[str, CompanyInfo],
                 taken: set[int]) -> Mention:
    """A company found by a cue (no legal suffix): its mention, its info, its characters taken."""
    key = normalise_name(name)
    infos.setdefault(key, CompanyInfo(name))
    taken.update(range(start, end))
    return Mention(start, end, key, "cue")


# A subsidiary's short name right after 子公司 (公司全资子公司青岚电池拟投资…): the run of name
# characters up to the first word that cannot be part of a name (a verb, a preposition).
_AFTER_NAME = (r"(?:拟|将|与|在|于|以|已|的|向|为|从|由|把|被|并|计划|和|是|投资|投建|建设|新建|签|"
               r"通过|目前|增资|出资|收购|生产|主要|负责|获得|中标|成立|设立|作为|共同|完成|实施|开展|"
               r"等|该|其|项目|今年|近日|日前|此前|$|[^\u4e00-\u9fffA-Za-z])")
_SUBSIDIARY_NAME = re.compile(
    rf"(?:全资|控股|绝对控股|下属)?(?:子公司|孙公司)[为是:：“\"]?"
    rf"((?:(?!{_AFTER_NAME})[\u4e00-\u9fffA-Za-z]){{2,8}})(?={_AFTER_NAME})")


def _subsidiary_mentions(text: str, mentions: list[Mention], regions: list[RegionSpan],
                         infos: dict[str, CompanyInfo], cuts: NameCuts = NAME_CUTS["v1"]) -> list[Mention]:
    """Subsidiaries named by a short name after 子公司 (…全资子公司青岚电池, 子公司远帆成都),
    where no name was found: a company of its own, whose later mentions the short-name rule
    finds. A region alone (子公司成都) or a generic word names no subsidiary."""
    taken = _occupied(mentions)
    region_names = {text[r.start:r.end] for r in regions}
    found = []
    for match in _SUBSIDIARY_NAME.finditer(text):
        start, end = _cut_news_words(text, *match.span(1), cuts)
        name = text[start:end]
        if len(name) < 2:
            continue
        if taken.intersection(range(start, end)) or name in region_names or name in GENERIC_BRANDS \
                or _NOT_A_COMPANY.match(name):
            continue
        found.append(_cue_mention(name, start, end, infos, taken))
    return found


# ------------------------------------------------------------------ short names by shape

# A listed company's short name: two characters of brand and a trade word (赣锋锂业, 通威股份,
# 海螺水泥), standing between a clause's edges: a punctuation mark or a function word before it,
# and after it punctuation, a verb or a word of announcements.
_TRADE = (r"股份|锂业|钴业|矿业|药业|制药|化学|水泥|钢铁|重工|电气|光电|新材|高科|控股|实业|证券|银行|保险|"
          r"航空|传媒|生物|能源|电子|物流|环保|食品|科技|汽车|化工|电力|机械|医药")
_SHAPE = re.compile(rf"(?=([\u4e00-\u9fff]{{2}}(?:{_TRADE})))")
_SHAPE_BEFORE = re.compile(r"(?:^|[^\u4e00-\u9fffA-Za-z0-9·&]|与|和|及|、|据|称|了|从|对|向|给|是|为|由|被|将|把|在|让|"
                           r"包括|收购|入股|参股|联合|携手|以及|如|旗下|子公司|股东|客户|龙头)$")
_SHAPE_AFTER = re.compile(rf"公告|宣布|发布|表示|称|披露|股价|董事|旗下|子公司|全资|控股子|等|拟|将|与|和|及|、|的|在|于|已|也|"
                          rf"是|为|以|向|对|从|今年|近日|日前|此前|签|合作|联合|携手|达成|预计|股东|入股|持有|\d|{_AFTER_NAME}")
# brands that are words of an industry, a kind or a size, not of one company (动力电池 is a
# product; 新型材料, 消费电子, 传统能源 and 商业银行 name no company)
_GENERIC_SHAPE_BRANDS = set(
    "新型 高新 新兴 相关 当地 传统 清洁 绿色 可再 化石 消费 工程 电动 智能 信息 数字 合成 商业 国有 大型 中小 民营 "
    "外资 国际 全球 国内 海外 上市 龙头 知名 头部 其他 部分 多家 几家 商用 乘用 动力 储能 光伏 风电 核电 火电 水电 "
    "金融 网络 互联 现代 先进 高端 精细 基础 半导 集成 航天 民用 军工 医疗 创新 领先 战略 未来 产业 行业 企业 公司 "
    "文化 教育 体育 旅游 农业 工业 制造 环境 资源 投资 一家 首家 本土 区域 地方 省属 市属 央企 国企 民企 老牌 人工 "
    "自动 无人 生命 健康 汽车 电子 电力 能源 化学 生物 医药 科技 证券 银行 保险 航空 新材 材料 实业 控股 股份 中资 "
    "港股 美股 中概 独角 生态 社会 城市 农村 家用 个人 家庭 地面 海洋 太空 高速 电气 钢铁 水泥 化工 机械 物流 食品 "
    "环保 传媒 重工 矿业 药业 制药 光电 有色 稀土 煤炭 石油 天然 新能 氢能 核能 通信 网络 软件 硬件 家电 "
    "相应 同类 各类 此类 这类 该类 两家 三家 多个 各家 所属 下属 持有 所持 减持 增持 合计 累计 全部 原有 现有 "
    "主要 重要 重点 核心 优质 大量 国家 中央 全国 世界 亚洲 欧洲 美洲 非洲 我国 本国 外国 他国 各国 各大 人民 "
    "人寿 由于 实施 发展 推动 加快 促进 支持 鼓励 推进 加强 提升 建设 保障 开展 做好 强化 培育 壮大 打造 引进 布局 "
    "聚焦 实现 拓展 优化 升级 转型 涉及 包括 覆盖 带动 服务 面向 进入 成为 作为 属于 对于 关于 通过 根据".split())


def _shape_mentions(text: str, mentions: list[Mention], infos: dict[str, CompanyInfo],
                    blocked: set[int]) -> list[Mention]:
    """Short names of a listed company's shape (甲乙锂业, 甲乙股份) whose brand is not on a
    ``blocked`` character (a place, a product or segment the lexicon knows), nor a brand that
    is an industry's word (动力, 消费, 传统 …)."""
    taken = _occupied(mentions)
    found = []
    for match in _SHAPE.finditer(text):
        start, end = match.span(1)
        name = text[start:end]
        if name[:2] in _GENERIC_SHAPE_BRANDS or taken.intersection(range(start, end)) \
                or blocked.intersection(range(start, start + 2)) \
                or not _SHAPE_BEFORE.search(text, max(0, start - 4), start) \
                or not _SHAPE_AFTER.match(text, end) or _PERSON_OR_OFFICE.search(name):
            continue
        found.append(_cue_mention(name, start, end, infos, taken))
    return found


# ------------------------------------------------------------------ lists of companies

# A list: pieces of name characters joined by 、 (甲、乙、丙), the last may hold 和/与/及 (乙和丙).
_LIST = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&]+(?:、[\u4e00-\u9fffA-Za-z0-9·&]+)+")
_JOINER = re.compile(r"以及|和|与|及")
# What ends the last member of a list: 等, a verb or preposition of the clause that follows.
_LIST_END = re.compile(rf"等|分别|均|都|纷纷|也|旗下|相继|{_AFTER_NAME}")
_LIST_INTRODUCED = re.compile(r"(?:客户|供应商|合作伙伴|股东|企业|公司|药企|车企|厂商|厂家)(?:主要)?"
                              r"(?:包括|有|为|是|如|涵盖)[:：]?$")
_LIST_CLOSED = re.compile(r"等(?:\d+|多|几|数|两|三|四|五|六|七|八|九|十)?家?"
                          r"(?:大型|知名|龙头|头部|国内|海外|中国|上市|民营|国有)*"
                          r"(?:企业|公司|上市公司|车企|药企|房企|国企|央企|厂商|厂家)")
_MEMBER_CHARS = re.compile(r"[\u4e00-\u9fff]{2,8}|[A-Za-z][A-Za-z&]{1,19}")
_NOT_A_MEMBER = re.compile(r"(?:市|省|县|区|州|部|局|委|厅|办|署|院|会|所|中心|政府|协会|银保监|证监|大学|学院|医院)$")


def _enumeration_mentions(text: str, mentions: list[Mention], infos: dict[str, CompanyInfo],
                          fixed: set[int], cuts: NameCuts, described: bool = False) -> list[Mention]:
    """The other members of a list that names a found company (甲集团、乙科技和丙能源等), or with
    ``described`` one a word for companies introduces or closes (主要客户为甲、乙; 甲、乙等多家
    企业): each a company, where it has a name's shape (2-8 Chinese characters or a Latin word)
    and is no office (…市, …局, …协会) and on no ``fixed`` character (a place, a product)."""
    known = {(m.start, m.end) for m in mentions}
    blocked = _occupied(mentions) | fixed
    found = []
    for match in _LIST.finditer(text):
        members = _list_members(text, match.start(), match.end(), cuts, known)
        if not members or not (any(member in known for member in members) or described and (
                _LIST_INTRODUCED.search(text, max(0, members[0][0] - 12), members[0][0])
                or _LIST_CLOSED.match(text, members[-1][1]))):
            continue
        for start, end in members:
            name = text[start:end]
            if (start, end) in known or blocked.intersection(range(start, end)) \
                    or not _MEMBER_CHARS.fullmatch(name) or name in GENERIC_BRANDS \
                    or _NOT_A_COMPANY.match(name) or _NOT_A_MEMBER.search(name):
                continue
            found.append(_cue_mention(name, start, end, infos, blocked))
    return found


def _list_members(text: str, start: int, end: int, cuts: NameCuts,
                  known: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) of each member of the list text[start:end]: the first piece cut after
    its last boundary word (包括甲, 与甲), 乙和丙 split, the last cut at 等 or the clause's verb;
    a found company at the list's edge is a member as found."""
    pieces, position = [], start
    for piece in text[start:end].split("、"):
        pieces.append([position, position + len(piece)])
        position += len(piece) + 1
    first, last = pieces[0], pieces[-1]
    edge = next((s for s, e in known if e == first[1] and first[0] <= s), None)
    if edge is None:
        cut = _boundary_cut(text, first[0], first[1], multi_only=False)
        edge = max(cut or first[0], cuts.front.match(text, first[0], first[1]).end()
                   if cuts.front is not None else first[0])
    first[0] = edge
    inside = {i for s, e in known for i in range(s, e)}
    joiner = _JOINER.search(text, last[0] + 2, last[1])
    if joiner is not None and last[1] - joiner.end() >= 2 and joiner.start() not in inside:
        pieces[-1:] = [[last[0], joiner.start()], [joiner.end(), last[1]]]
        last = pieces[-1]
    edge = next((e for s, e in known if s == last[0] and e <= last[1]), None)
    stop = _LIST_END.search(text, last[0] + 2, last[1] + 1)
    if edge is not None:
        last[1] = edge
    elif stop is not None:
        last[1] = min(last[1], stop.start())
    return [(s, e) for s, e in pieces if e - s >= 2]


# ------------------------------------------------------------------ full names


@dataclass(frozen=True)
class _FullName:
    start: int
    end: int
    brand: str
    suffix: str
    region: str | None


def _full_names(text: str, regions: list[RegionSpan], stops: set[int] = frozenset(),
                cuts: NameCuts = NAME_CUTS["v1"]) -> list[_FullName]:
    region_at = {r.start: r for r in regions}
    found: list[_FullName] = []
    floor = 0
    for match in _SUFFIX_RE.finditer(text):
        stop = max((s for s in stops if s <= match.start() - 2), default=0)
        name = _name_before(text, match, max(floor, stop, match.start() - _MAX_RUN), region_at,
                            stop == max(floor, stop, match.start() - _MAX_RUN) and stop > 0, cuts)
        if name is not None:
            found.append(name)
            floor = name.end
    return found


def _name_before(text: str, suffix, floor: int, region_at: dict[int, RegionSpan],
                 floor_is_stop: bool = False, cuts: NameCuts = NAME_CUTS["v1"]) -> _FullName | None:
    left, paren = _run_start(text, floor, suffix.start())
    run_end = suffix.start() - len(paren)
    cut = cuts.front.match(text, left, run_end).end() if cuts.front is not None else left
    if cut > left:  # 据雅迪科技集团: the name starts after the news words, as after a stop
        left = floor = cut
        floor_is_stop = True
    after_stop = floor_is_stop and left == floor  # right after a foreign country: 美国福特公司
    start, region = _choose_start(text, left, run_end, region_at, after_stop)
    if start is None:
        return None
    brand = text[start:run_end]
    if region is not None:
        brand = text[region[1]:run_end]
        short = text[region[2]:run_end]  # without the first region only: 江山变压器
        if not _plausible_brand(brand, suffix.group(), True):
            return None
        brand = short
    if not _plausible_brand(brand, suffix.group(), region is not None):
        return None
    region_name = region[0] if region else _paren_region(paren, region_at, run_end)
    return _FullName(start, suffix.end(), brand, suffix.group(), region_name)


def _run_start(text: str, floor: int, end: int) -> tuple[int, str]:
    """Start of the name-character run ending at ``end`` and the paren group just before it."""
    paren_match = _PAREN_GROUP.search(text, max(floor, end - 10), end)
    paren = paren_match.group() if paren_match else ""
    position = end - len(paren)
    while position > floor and _NAME_CHAR.match(text, position - 1):
        position -= 1
    return position, paren


def _choose_start(text: str, left: int, end: int, region_at: dict[int, RegionSpan],
                  after_stop: bool = False) -> tuple[int | None, tuple[str, int, int] | None]:
    """(start, (region name, end of the region chain, end of its first region) or None)."""
    region = _region_prefix(text, left, end, region_at)
    if region is not None:
        start, region_end, name = region
        cut = _boundary_cut(text, start, end, multi_only=True)
        if cut is None:
            return start, (name, region_end, region_at[start].end)
        left = cut
    cut = _boundary_cut(text, left, end, multi_only=False)
    if cut is not None:
        return cut, None
    at_clause_start = left == 0 or after_stop or not _NAME_CHAR.match(text, left - 1)
    return (left, None) if at_clause_start and end - left <= 16 else (None, None)


def _region_prefix(text: str, left: int, end: int,
                   region_at: dict[int, RegionSpan]) -> tuple[int, int, str] | None:
    """The last chain of adjacent regions in [left, end) followed by brand characters."""
    starts = [s for s in range(left, end) if s in region_at and region_at[s].end < end]
    for start in reversed(starts):
        chain_end, name = region_at[start].end, region_at[start].name
        while chain_end in region_at and region_at[chain_end].end < end:
            name = region_at[chain_end].name
            chain_end = region_at[chain_end].end
        if text[chain_end] in _NOT_AFTER_REGION:
            continue
        while start - 1 >= left and any(r.end == start for r in region_at.values()
                                        if r.start >= left):
            start = next(r.start for r in region_at.values() if r.end == start)
        return start, chain_end, name
    return None


def _boundary_cut(text: str, left: int, end: int, *, multi_only: bool) -> int | None:
    """Position just after the last boundary word in [left, end) that leaves a brand of 2+ chars."""
    best = None
    for word in MULTI_BOUNDARIES:
        position = text.rfind(word, left, end)
        if position >= 0 and end - (position + len(word)) >= 2:
            best = max(best or 0, position + len(word))
    if not multi_only:
        for position in range(end - 3, left - 1, -1):
            if text[position] in SINGLE_BOUNDARIES:
                if best is None or position + 1 > best:
                    best = position + 1
                break
    return best


def _plausible_brand(brand: str, suffix: str, has_region: bool) -> bool:
    if not 2 <= len(brand) <= 20 or brand in GENERIC_BRANDS or brand.isdigit():
        return False
    if suffix == "集团" and brand.endswith("国"):  # 二十国集团, 77国集团: groups of countries
        return False
    if brand[-1] in "的之和与及":
        return False
    if suffix == "公司":
        return has_region and brand[-1] not in "子分母总该本"
    return True


def _cut_news_words(text: str, start: int, end: int, cuts: NameCuts) -> tuple[int, int]:
    """[start, end) without the news words ``cuts`` finds at its front and back."""
    if cuts.front is not None:
        start = cuts.front.match(text, start, end).end()
    back = cuts.back.search(text, start, end) if cuts.back is not None else None
    return start, (back.start() if back else end)


def _paren_region(paren: str, region_at: dict[int, RegionSpan], run_end: int) -> str | None:
    """The region of a branch marker like （衢州） in 华金新能源材料（衢州）有限公司."""
    if not paren:
        return None
    hit = region_at.get(run_end + 1)
    return hit.name if hit and hit.end == run_end + len(paren) - 1 else None


def _register_full(text: str, name: _FullName, infos: dict[str, CompanyInfo]) -> Mention:
    surface = text[name.start:name.end]
    key = normalise_name(surface)
    info = infos.setdefault(key, CompanyInfo(surface, brand=name.brand, suffix=name.suffix,
                                             region=name.region))
    info.aliases.extend(a for a in _alias_definitions(text, name.end) if a not in info.aliases)
    return Mention(name.start, name.end, key, "full")


def _alias_definitions(text: str, end: int) -> list[str]:
    """Short names defined in the parenthesis right after a name: （简称“华友钴业”）."""
    if end >= len(text) or text[end] not in "（(":
        return []
    close = re.compile(r"[）)]").search(text, end, end + 80)
    inner = text[end + 1:close.start()] if close else text[end + 1:end + 60]
    return [m.group(1).strip() for m in _ALIAS_DEF.finditer(inner)]


# ------------------------------------------------------------------ linking names


def _merge_former_names(text: str, mentions: list[Mention], infos: dict[str, CompanyInfo]) -> list[Mention]:
    """A name after 原名 inside the parenthesis following another name is that company's alias."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if previous and _is_former_name(text, previous, mention):
            former = infos.pop(mention.key, None)
            if mention.key != previous.key and former:
                infos[previous.key].aliases.append(former.name)
            merged.append(Mention(mention.start, mention.end, previous.key, "full"))
        else:
            merged.append(mention)
    return merged


def _is_former_name(text: str, previous: Mention, mention: Mention) -> bool:
    between = text[previous.end:mention.start]
    return between[:1] in ("（", "(") and len(between) <= 8 and bool(_FORMER.search(between))


def _fold_regionless(mentions: list[Mention], infos: dict[str, CompanyInfo]) -> list[Mention]:
    """华友钴业股份有限公司 and 浙江华友钴业股份有限公司 in one document are one company."""
    by_tail: dict[tuple[str, str], str] = {}
    for key, info in infos.items():
        if info.region and info.name.endswith(info.brand + info.suffix):
            by_tail.setdefault((info.brand, info.suffix), key)
    renamed = {}
    for key, info in list(infos.items()):
        target = by_tail.get((info.brand, info.suffix))
        if not info.region and target and target != key:
            renamed[key] = target
            infos[target].aliases.append(info.name)
            del infos[key]
    return [Mention(m.start, m.end, renamed.get(m.key, m.key), m.kind) for m in mentions]


def _derived_aliases(info: CompanyInfo) -> list[str]:
    """Short forms a brand gives: 华友钴业, 开山股份, 巨化集团 (a 2-char brand alone is too vague)."""
    brand = re.sub(r"[（(][^）)]*[）)]", "", info.brand)
    forms = [brand] if len(brand) >= 3 else []
    stripped = _GENERIC_TAIL.sub("", brand)
    if len(stripped) >= 3 and stripped != brand:
        forms.append(stripped)  # 中巨芯科技 -> 中巨芯
    if "股份" in info.suffix:
        forms.append(brand + "股份")
    if "集团" in info.suffix:
        forms.append(brand + "集团")
    return forms


def _short_mentions(text: str, mentions: list[Mention], infos: dict[str, CompanyInfo],
                    listed: frozenset[str] = frozenset()) -> list[Mention]:
    """Later mentions of the found companies by a short name or alias; not of the ``listed``
    keys (foreign companies of the list, found wherever the text supports them)."""
    alias_keys: dict[str, set[str]] = {}
    for key, info in infos.items():
        if key in listed:
            continue
        # a name without a legal form (a cue's or registry's short name) recurs as itself
        own = [info.name] if not info.suffix else []
        for alias in [*info.aliases, *_derived_aliases(info)]:
            if len(alias) >= 2 and alias != info.name:
                alias_keys.setdefault(alias, set()).add(key)
        for name in own:
            if len(name) >= 2:
                alias_keys.setdefault(name, set()).add(key)
    unique = {alias: keys.pop() for alias, keys in alias_keys.items() if len(keys) == 1}
    if not unique:
        return []
    pattern = re.compile("|".join(map(re.escape, sorted(unique, key=len, reverse=True))))
    taken = _occupied(mentions)
    found = []
    for match in pattern.finditer(text):
        if not taken.intersection(range(match.start(), match.end())):
            key = unique[match.group()]
            found.append(Mention(match.start(), match.end(), key, "short"))
            if match.group() not in infos[key].aliases and match.group() != infos[key].name:
                infos[key].aliases.append(match.group())
    return found


def _group_mentions(text: str, mentions: list[Mention], infos: dict[str, CompanyInfo]) -> list[Mention]:
    """巨化系 -> the group company whose brand is 巨化 (巨化集团有限公司), when the document names it."""
    groups = {info.brand: key for key, info in infos.items() if "集团" in info.suffix}
    taken = _occupied(mentions)
    found = []
    for match in _GROUP.finditer(text):
        for size in range(len(match.group(1)), 1, -1):
            brand = match.group(1)[-size:]
            start = match.end(1) - size
            if brand in groups and not taken.intersection(range(start, match.end())):
                found.append(Mention(start, match.end(), groups[brand], "group"))
                break
    return found


def _attach_credit_codes(text: str, mentions: list[Mention], infos: dict[str, CompanyInfo]) -> None:
    """A 统一社会信用代码 belongs to the nearest company named before it (within 80 characters)."""
    for match in _CREDIT_CODE.finditer(text):
        before = [m for m in mentions if m.end <= match.start() and match.start() - m.end <= 80]
        if before and before[-1].key in infos:
            infos[before[-1].key].credit_code = match.group(1)


def _occupied(mentions: list[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """Longest first, then earliest; registry hits win ties."""
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), m.kind != "registry", m.start))
    taken: set[int] = set()
    kept = []
    for mention in order:
        if not taken.intersection(range(mention.start, mention.end)):
            kept.append(mention)
            taken.update(range(mention.start, mention.end))
    return sorted(kept, key=lambda m: m.start)
