"""Project mentions: named or generic, with or without quantities, and the capacity a name states.

A project is one industrial or energy investment (docs/annotation.md): 年产5万吨三元前驱体项目,
宜春储能系统核心生产基地, 沈阳里达工厂, 海底电缆第一期生产线, 徐大堡核电项目 1号机组. A mention is
found by its head (项目, 工厂, 生产线, 基地, 产业园, 电站, 电厂, 厂房, 机组, 研发中心 …) and runs
left over the words that describe it, up to a verb, a function word, a quantifier or a
company name (a company before a project is its operator, not part of its name):

>>> [p.name for p in find_projects("宝马公司投资150亿元人民币的沈阳里达工厂全新车型量产下线。")]
['沈阳里达工厂']
>>> [p.name for p in find_projects("在江西宜春，一座总投资135亿元的锂离子电池工厂不久前全面投产。")]
['锂离子电池工厂']

Mentions that name no particular project are left out: 该项目, 重大项目, 58个项目, 一批项目,
public works (道路, 医院, 学校 …) and research projects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainkg.extract.rules.amounts import CAPACITY, NUMBER

# Heads, longest first so 生产基地 wins over 基地. A head is where a mention ends, and what
# may follow it in the name (一期, 二期, 1号机组) is part of the head pattern.
_HEAD = re.compile(
    # 项目二期 opening a clause: a phase (after a name, 储能电池项目一期 is that project's name)
    r"(?<![\u4e00-\u9fffA-Za-z0-9])项目(?:[一二三四五六七八九十首]期|第[一二三四五六七八九十]期)(?:工程)?|"
    r"(?:(?:生产|制造|产业|研发|总部|智造|示范)?基地|产业园|工业园|科技园|生产线|产线|流水线|工厂|总装厂|"
    r"电池厂|炼厂|炼化一体化|电厂|电站|核电站|风电场|光伏电站|厂房|厂区|机组|研发中心|制造中心|数据中心|"
    r"创新中心|工程|油田|气田|矿井|矿山|装置)?"
    r"(?:[一二三四五六七八九十首]期|第[一二三四五六七八九十]期|[A-Z]?\d号机组)?"
    r"(?:扩能|扩建|技改|改扩建|建设|配套|一体化)?项目"
    r"|(?:(?:生产|制造|产业|研发|总部|智造)基地|产业园|生产线|产线|工厂|电池厂|炼厂|电厂|核电站|风电场|光伏电站|电站|厂房|"
    r"研发中心|制造中心|数据中心|(?:[一二三四五六七八九十]期|供汽|供热|发电|输变电|制氢|储能|煤电|核电|炼化|化工|石化)工程)"
    r"(?:[一二三四五六七八九十]期|二号|[A-Z]\d)?"
    r"|[A-Z]?\d号机组")
# Heads v2: plants named by what they make or do (空调设备制造厂, 电动车厂, 开关厂, 钢铁厂; not 出厂,
# 驻厂, a street's 草厂, 厂商, 厂家, 厂长) and a plant's unit with its capacity (年产120万吨乙烯装置: ``_plausible``
# asks a 装置 for its capacity).
_MAKER_PLANT = (r"(?:制造|装配|整车|汽车|电动车|钢铁|钢|铝业?|化工|化肥|水泥|玻璃|轴承|开关|拖拉机|飞机|船|轮胎|"
                r"服装|纺织?|制药|农药|炼油|冷轧|热轧|发动机|电机|机械|机床|设备|零部件|芯片|晶圆|面板|纸)厂(?![商家长区房址矿部办])")
_HEAD_V2 = re.compile(_HEAD.pattern + "|" + _MAKER_PLANT + "|装置")
PROJECT_HEADS = {"v1": _HEAD, "v2": _HEAD_V2}
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.·\-/×]")
# A mention starts after the last of these in the run before its head: verbs of building and
# investing, forecast words, function words, determiners, quantifiers and boasts (我国首个,
# 世界最大). 其中 before 其, so 其中一期项目 leaves 一期项目.
_CUT = re.compile(
    r"(?:其中|上述|全部|部分|大部分|较多|"
    # forecast and quantity words end what came before: 预计德州工厂, 总投资50亿元的…
    r"预计|预期|届时|总投资|投资额|达产后|建成后|投产后|讨论了|重启后|"
    r"共建|合建|筹建|援建|承建|续建|投资|投建|建设|兴建|新建|建成|开工|投产|签约|签署|推进|启动|实施|落户|落地|引进|打造|布局|规划|"
    r"宣布|计划|拟|将|正在|加快|开启|进行|完成|终止|暂停|参与|入股|收购|举行|迎来|位于|"
    r"推动|推介|取得|根据|收获|执行|引入|拓展|助力|开始|进入|签订|新签|等|共|约|超(?!超?临界)|近|审议通过|通过|"
    r"获评|评为|入选|荣获|获得|认定为|列为|成为|"
    r"在|的|与|和|同|以|是|为|由|于|对|向|从|把|被|让|已|正在|也|都|还|并|或|现有|原有|有|设有|拥有|"
    r"这家|这座|这个|这条|该|此|其|本|各|每|一座|一家|一个|一条|一处|一批|两条|两个|多个|多条|"
    r"\d+(?:个|座|家|条|处|批)|[一二两三四五六七八九十百千]+(?:个|座|家|条|处|批)|"
    r"首个|首座|首条|首家|第一个|第一座|第一条|"
    r"我国|全国|全省|全市|全球|世界|亚洲|国内|国际|省内|市内|区内|当地|"
    r"最大|最高|最长|最先进|最早|规模最大|单体最大|"
    r"目前|现已|近日|今年|明年|去年|日前|今天|昨天|此前|随后|同时|"
    r"重大|重点)")
# Cuts v2 (docs/extraction.md, "LOCATED_IN on real news"): what news outside the gold set puts
# before a name that is no part of it: a visit (走进, 前往, 调研), a tender (中标), a purpose (确保,
# 依托), other acts (赶制, 承制, 开发, 培育, 加大, 加强), a particle after a verb (引进了, 设立了), an
# amount (约5亿元, 过6.08亿元).
_CUT_V2 = re.compile(_CUT.pattern[:-1] + r"|走进|走访|调研|前往|来到|参观|考察|视察|中标|预中标|确保|依托|伴随着?|"
                     r"赶制|承制|培育|加大|加强|提出|决定|开发(?!区)|承接|空袭|袭击|打击|了|"
                     r"[过约超近逾]?\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?[亿万]?元)")
# Cuts v3: what news puts before the plants that heads v2 find (old plants in stories and
# biographies): a journey (到, 赴), a distance (距离), a state (聚集着, 曾经, 十几年前), a spread (多处).
_CUT_V3 = re.compile(_CUT_V2.pattern[:-1] + r"|到|赴|距离|着|曾经|年前|多处|奉调)")
PROJECT_CUTS = {"v1": _CUT, "v2": _CUT_V2, "v3": _CUT_V3}  # the config's ``cuts`` of [components.projects]
# Bodies that say nothing about which project: the mention is generic.
_GENERIC = re.compile(
    r"^(?:在建|签约|开工|投产|竣工|拟建|已建|续建|新开工|产业|招商|合作|投资|建设|亿元以上|制造业|链上|单个|"
    r"各类|相关|这些|其他|同类|示范|试点|储备|备案|政府|民生|重大|重点|好|大|小|优质|科技|技术|研发|"
    r"研究|科研|课题|创新|基建|基础设施|配套设施|工业|企业|公司|集团|我们|他们|自己|"
    r"能源|外资|内资|旗舰|标杆|优质|首批|引领性|公益|节能|贸易|改造|技术改造|循环利用|绿色低碳|合资|明星|"
    r"定点|未完工|未生效|全部|整体|绿色|智能|国家绿色|主|闲置|中国合资|新型储能|升级|高端|增资|主要|"
    r"链上制造业|区域|公用|基因|箱式变|变)$")
# Not industrial investments (docs/annotation.md): public works, services, research.
_NOT_INDUSTRIAL = re.compile(
    r"道路|公路|高速|铁路|地铁|轨道交通|桥|隧道|港口|码头|机场|航道|管网|水利|水库|供水|污水|"
    r"医院|学校|住房|保障房|棚改|安置|旅游|文旅|景区|扶贫|农业|乡村|文化|体育|公园|绿化|"
    r"课题|科研项目|研究项目|人才|培训|教育|孵化|展会|会展|融资|贷款|基金|债|股权|并购|"
    r"上市|募投|募集|软件|平台|系统工程|希望工程|民心工程|民生工程|形象工程|"
    r"引水|水资源|调水|管廊|房地产|商业广场|广电|援藏|援疆|私募|招商引资|外资|承包|业务建设|高铁|电网改造|"
    r"引战|增资|(?:单次|科技|战略)合作项目")
# Heads that say what the project is by themselves (电池厂, 核电站, 一期项目): no body needed.
_SELF_NAMED = re.compile(r"[一二三四五六七八九十首]期|号机组|技改|电池厂|炼厂|电厂|核电站|风电场|光伏电站|炼化一体化")
_OWNED_HEAD = re.compile(r"工厂|电池厂|生产基地|制造基地|产业园|生产线|研发中心")
_ANAPHOR = re.compile(r"^(?:该|本|此|这个|这一|上述|前述|相关|新|上|下)?$")


@dataclass(frozen=True)
class ProjectName:
    start: int
    end: int
    name: str


# A plant the clause supplies to (产品供应LG化学的正极材料工厂) is where products go, a customer's
# plant the text mentions in passing: not a project it reports, and never the place or the
# investment of the project the sentence is about.
_SUPPLIED_TO = re.compile(r"(?:供应(?!商)|供货|供给|销往|卖给|运往|送往|配套|提供给|交付给?)[^，。；,;！？\n]*$")


_CUSTOMERS_BEFORE = re.compile(r"客户(?:以|为|是|有|包括|主要(?:是|为|有)?|涵盖)[^，。；,;]{0,8}$")


def find_projects(text: str, blocked: set[int] = frozenset(), cuts: str = "v1",
                  heads: str = "v1") -> list[ProjectName]:
    """Project mentions of ``text``; ``blocked`` characters (company names) bound a name;
    ``cuts`` names the words a name starts after (v1 ``_CUT``, v2 ``_CUT_V2``), ``heads`` the
    words it ends with (v1 ``_HEAD``, v2 ``_HEAD_V2``)."""
    found = []
    for match in PROJECT_HEADS[heads].finditer(text):
        if match.start() in blocked or match.end() - 1 in blocked:
            continue
        start = _start(text, match.start(), blocked, PROJECT_CUTS[cuts])
        if _SUPPLIED_TO.search(text, max(0, start - 40), start):
            continue
        if heads != "v1" and _CUSTOMERS_BEFORE.search(text, max(0, start - 12), start):
            continue  # 客户以晶圆制造厂为主: a kind of customer, no one plant
        name = text[start:match.end()]
        # a bare head right after a company's name is that company's plant (远帆汽车工厂)
        owned = start == match.start() and start - 1 in blocked and _OWNED_HEAD.fullmatch(name)
        if owned or _plausible(name, text[start:match.start()]):
            found.append(ProjectName(start, match.end(), name))
    return _outermost(found)


# A place in brackets inside a name: 海目星激光(江门)产业园二期项目
_BRACKETED = re.compile(r"[（(](?!简称|下称|以下|原名)[\u4e00-\u9fff]{2,6}[）)]")


def _start(text: str, head_start: int, blocked: set[int], cut_words: re.Pattern = _CUT) -> int:
    position = head_start
    while position > max(0, head_start - 40) and position - 1 not in blocked:
        if _NAME_CHAR.match(text, position - 1):
            position -= 1
            continue
        bracket = _BRACKETED.search(text, max(0, position - 8), position)
        if bracket is None or bracket.end() != position or blocked.intersection(range(*bracket.span())):
            break
        position = bracket.start()
    run = text[position:head_start]
    year_output = max(run.rfind("年产"), run.rfind("日产"))
    if year_output >= 0:
        return position + year_output
    cut = max((m.end() for m in cut_words.finditer(run)), default=0)
    return position + cut


# Solar over farmland or fish ponds is an energy project, though 农业 names no industry.
_SOLAR_SHARED = re.compile(r"农业光伏|农光互补|渔光互补|林光互补|牧光互补")


def _plausible(name: str, body: str) -> bool:
    if _NOT_INDUSTRIAL.search(_SOLAR_SHARED.sub("", name)):
        return False
    if name.endswith("装置") and project_capacity(name) is None:
        return False  # 检测装置, 储能装置: a device, not a plant's unit (年产120万吨乙烯装置 is one)
    if (not body or _GENERIC.match(body)) and _SELF_NAMED.search(name):
        return True  # 电池厂, 合资炼厂: the head says what it is
    if _ANAPHOR.match(body) or _GENERIC.match(body):
        return False
    if re.match(rf"^{NUMBER}[个家批]", body) or len(name) > 45:
        return False
    return len(body) >= 2 or _SELF_NAMED.search(name) is not None


def _outermost(found: list[ProjectName]) -> list[ProjectName]:
    """Drop a mention inside a longer one (生产线 inside …生产线扩能项目)."""
    kept = []
    for project in sorted(found, key=lambda p: (p.start, -(p.end - p.start))):
        if kept and kept[-1].start <= project.start and project.end <= kept[-1].end:
            continue
        kept.append(project)
    return kept


def project_capacity(name: str) -> str | None:
    """The capacity a project name states: 年产5万吨三元前驱体项目 -> '5万吨'."""
    match = CAPACITY.search(name)
    return match.group() if match and (name.find("年产") >= 0 or name.find("日产") >= 0) else None
