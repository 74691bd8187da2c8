"""Products by their head noun: the kind of thing a project's name or a production clause names.

News names what a plant makes with a noun phrase the lexicons seldom hold whole
(高性能有机硅聚合物, 胶状乳化炸药, 新能源汽车轻量化零部件). Its last word says it is a product
(材料, 电池, 芯片, 零部件 …); the words before it, up to a verb, a quantity or a function word,
say which one. Two places are read, where a product is what the text speaks of:

- a project's name: 年产20万吨动力储能电池负极材料项目 -> 动力储能电池负极材料;
- a clause after a production word (生产, 主营, 用于, 主要产品为 …):
  主要生产汽车轻量化零部件 -> 汽车轻量化零部件.

>>> [text[a:b] for a, b in name_products(text := "年产12万吨高性能有机硅聚合物项目", 0, len(text))]
['高性能有机硅聚合物']
"""

from __future__ import annotations

import functools
import re

# Versioned: a change of heads is a new version the config can choose and the benchmark compare.
PRODUCT_HEADS_V1 = (
    "材料", "电池", "电芯", "芯片", "设备", "装备", "组件", "零部件", "零组件", "部件", "结构件", "压铸件",
    "预制件", "总成", "整车", "汽车", "乘用车", "商用车", "客车", "货车", "车型", "轮毂", "轮胎",
    "聚合物", "树脂", "纤维", "原丝", "炸药", "磷酸", "碳酸锂", "氢氧化锂", "多晶硅", "硅片", "晶圆",
    "面板", "模组", "模块", "电机", "铜箔", "铝箔", "隔膜", "薄膜", "电缆", "硬片", "熟料", "骨料",
    "疫苗", "原料药", "试剂", "抗体", "终端", "服务器", "压缩机", "传感器", "控制器", "逆变器",
)
# v2: the kinds of industrial goods v1 lacked, by family: metal forms (棒材, 铸件), semiconductors
# and storage (闪存, 存储器), machines and their parts (机器人, 机床, 轴承, 阀门, 发动机), power
# equipment (机组, 变压器), chemicals and materials (切片, 涂料, 化肥, 玻璃, 纸), medicines (药, 试剂盒),
# fibres and cables (光纤, 光缆, 布).
PRODUCT_HEADS_V2 = PRODUCT_HEADS_V1 + (
    "棒材", "线材", "板材", "管材", "型材", "钢材", "铸件", "锻件", "合金", "闪存", "存储器", "内存",
    "机器人", "机床", "轴承", "阀门", "发动机", "变速器", "减速器", "机组", "变压器", "储能系统", "光伏板",
    "电池片", "切片", "涂料", "化肥", "农药", "玻璃", "试剂盒", "光纤", "光缆",
    "座椅", "砂轮", "靶材", "电极", "叶片", "塔筒",
)
PRODUCT_HEADS = {"v1": PRODUCT_HEADS_V1, "v2": PRODUCT_HEADS_V2}

_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# A product's words start after the last of these: quantities, verbs, function words.
_CUT = re.compile(
    r"\d[\d.,]*(?:万|亿|千)?(?:吨|只|台|辆|片|套|件|个|条|张|GWh|MWh|MW|GW|kW|平方米|公里|颗|块)?(?:/年)?|"
    r"年产|日产|年|生产|制造|研发|建设|新建|扩建|扩产|扩能|投资|主营|主要|用于|包括|推出|量产|销售|"
    r"的|和|与|及|或|等|为|是|在|将|拟|其|该|个|项目|公司|集团|专业|配套|相关|各类|多种|新型号|一体化|"
    r"大规模|规模化|大容量|高企")
# Project words a name keeps after its product (…负极材料一体化项目, …电池生产线): not the product.
_NAME_TAIL = re.compile(
    r"(?:研发|生产|制造|智能制造|产业化|扩产|扩能|技改|改扩建|建设|一体化|产业|总部|综合)*"
    r"(?:项目|基地|工厂|生产线|产线|产业园|厂房|厂区|工程|中心|园区|厂)")
# Production words: a clause's product follows them.
MAKE_CUE = re.compile(r"(?:主要|专业|专注于?|从事)?(?:生产|制造|研发生产|研发、生产|主营|量产|推出|"
                       r"用于|主要产品为|主要产品包括|产品包括|产品为)")
_LIST_WORDS = set("和与及或等的")  # a clause's first product ends at these
_MIN_BODY = 2  # a head alone (电池) is the lexicon's; a head with one word before it is too vague


@functools.cache
def _longest_first(heads: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(heads, key=len, reverse=True))


@functools.cache
def _head_pattern(heads: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, _longest_first(heads))))


def products_before(text: str, end: int, floor: int, heads: tuple[str, ...] = PRODUCT_HEADS_V1
                    ) -> tuple[int, int] | None:
    """The product ending at ``end`` (whose last word is a head) and starting after ``floor``
    and after the last cut word, or None when no head ends there or too little precedes it."""
    head = next((h for h in _longest_first(heads) if text.endswith(h, 0, end)), None)
    if head is None:
        return None
    start = end - len(head)
    while start > floor and _NAME_CHAR.match(text, start - 1):
        start -= 1
    run = text[start:end - len(head)]
    cut = max((m.end() for m in _CUT.finditer(run)), default=0)
    start += cut
    return (start, end) if end - len(head) - start >= _MIN_BODY and end - start <= 16 else None


def name_products(text: str, start: int, end: int, heads: tuple[str, ...] = PRODUCT_HEADS_V1
                  ) -> list[tuple[int, int]]:
    """The product a project's name [start, end) names before its plant words, as (start, end)."""
    name = text[start:end]
    tail = _NAME_TAIL.search(name)
    product_end = start + (tail.start() if tail else len(name))
    found = products_before(text, product_end, start, heads)
    return [found] if found else []


def clause_products(text: str, heads: tuple[str, ...] = PRODUCT_HEADS_V1) -> list[tuple[int, int]]:
    """Products named right after a production word (主要生产汽车轻量化零部件), as (start, end):
    the first head in the run of name characters after the cue."""
    pattern = _head_pattern(heads)
    found = []
    for cue in MAKE_CUE.finditer(text):
        position = cue.end()
        while position < len(text) and _NAME_CHAR.match(text, position) and position - cue.end() < 16 \
                and text[position] not in _LIST_WORDS:
            position += 1
        best = None
        for head in pattern.finditer(text, cue.end(), position):
            best = products_before(text, head.end(), cue.end(), heads) or best
        if best:
            found.append(best)
    return found
