"""Places: a small GB/T 2260 table, deriving a company's province and city, region facts.

Region nodes are keyed by their normalised official name (浙江省, 衢州市, 衢江区) and carry
the short form as an alias (浙江, 衢州, 衢江), so "衢州" and "衢州市" find the same node.
A place is derived from a unified social credit code (characters 3-8 are the GB/T 2260
administrative code of the registering authority) or, failing that, from an address or a
company name that starts with a place name ("湖南长远锂科…", "深圳市鸿富瀚…").

The table is data, not code paths: every province, the cities of Zhejiang with their
codes, the districts of Quzhou, and the larger cities elsewhere by name only (enough to
place a company in its province for the distance part of a recommendation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.facts import Evidence, NodeRef, RegionFact, RelationFact, normalise_name

# GB/T 2260 province codes (first two digits) -> official name.
PROVINCES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}

# Prefecture-level cities with their four-digit codes (Zhejiang in full).
CITIES: dict[str, str] = {
    "3301": "杭州市", "3302": "宁波市", "3303": "温州市", "3304": "嘉兴市", "3305": "湖州市",
    "3306": "绍兴市", "3307": "金华市", "3308": "衢州市", "3309": "舟山市", "3310": "台州市",
    "3311": "丽水市",
}

# County-level divisions with their six-digit codes (Quzhou in full).
DISTRICTS: dict[str, str] = {
    "330802": "柯城区", "330803": "衢江区", "330822": "常山县", "330824": "开化县",
    "330825": "龙游县", "330881": "江山市",
}

# Larger cities outside the coded table, by province short name: enough to place a
# company named "深圳市…" or with an address in 宜宾 in its province.
OTHER_CITIES: dict[str, str] = {
    "广东": "广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮",
    "江苏": "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 昆山 江阴 张家港 常熟",
    "福建": "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德",
    "江西": "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶",
    "安徽": "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "山东": "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
    "河南": "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店",
    "湖北": "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州",
    "湖南": "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底",
    "四川": "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳",
    "河北": "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水",
    "辽宁": "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 葫芦岛",
    "山西": "太原 大同 长治 晋城 运城", "内蒙古": "呼和浩特 包头 鄂尔多斯 赤峰",
    "吉林": "长春 通化", "黑龙江": "哈尔滨 大庆 齐齐哈尔 牡丹江",
    "广西": "南宁 柳州 桂林 梧州 北海 钦州 贵港 玉林 百色", "海南": "海口 三亚",
    "贵州": "贵阳 遵义 六盘水 安顺 铜仁", "云南": "昆明 曲靖 玉溪 楚雄",
    "陕西": "西安 宝鸡 咸阳 渭南 汉中 榆林", "甘肃": "兰州 金昌 白银 天水 酒泉",
    "青海": "西宁 格尔木", "宁夏": "银川 石嘴山", "新疆": "乌鲁木齐 克拉玛依 昌吉 石河子",
    "浙江": "义乌 慈溪 余姚 诸暨 海宁 桐乡 长兴 德清 瑞安 乐清 温岭 临海",
}

# Provinces sharing a land border (or a short strait: 海南-广东, 台湾-福建).
NEIGHBOURS: dict[str, str] = {
    "北京": "天津 河北", "天津": "北京 河北",
    "河北": "北京 天津 山西 内蒙古 辽宁 山东 河南", "山西": "河北 内蒙古 陕西 河南",
    "内蒙古": "黑龙江 吉林 辽宁 河北 山西 陕西 宁夏 甘肃", "辽宁": "吉林 内蒙古 河北",
    "吉林": "黑龙江 辽宁 内蒙古", "黑龙江": "吉林 内蒙古", "上海": "江苏 浙江",
    "江苏": "上海 浙江 安徽 山东", "浙江": "上海 江苏 安徽 江西 福建",
    "安徽": "江苏 浙江 江西 湖北 河南 山东", "福建": "浙江 江西 广东 台湾",
    "江西": "浙江 安徽 湖北 湖南 广东 福建", "山东": "河北 河南 安徽 江苏",
    "河南": "河北 山西 陕西 湖北 安徽 山东", "湖北": "河南 安徽 江西 湖南 重庆 陕西",
    "湖南": "湖北 江西 广东 广西 贵州 重庆", "广东": "福建 江西 湖南 广西 海南 香港 澳门",
    "广西": "广东 湖南 贵州 云南", "海南": "广东", "重庆": "四川 贵州 湖南 湖北 陕西",
    "四川": "重庆 贵州 云南 西藏 青海 甘肃 陕西", "贵州": "四川 重庆 湖南 广西 云南",
    "云南": "四川 贵州 广西 西藏", "西藏": "新疆 青海 四川 云南",
    "陕西": "山西 内蒙古 宁夏 甘肃 四川 重庆 湖北 河南", "甘肃": "陕西 宁夏 内蒙古 新疆 青海 四川",
    "青海": "甘肃 新疆 西藏 四川", "宁夏": "内蒙古 陕西 甘肃", "新疆": "甘肃 青海 西藏",
    "台湾": "福建", "香港": "广东", "澳门": "广东",
}

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市", "区", "县")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def short_name(name: str) -> str:
    """The name without its administrative suffix: 浙江省 -> 浙江, 衢江区 -> 衢江."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Place:
    """A province, city and district by official name; any of them may be unknown."""

    province: str | None = None
    city: str | None = None
    district: str | None = None

    def most_specific(self) -> str | None:
        return self.district or self.city or self.province


def _build_indexes() -> tuple[dict[str, str], dict[str, tuple[str, str | None]]]:
    provinces = {short_name(name): name for name in PROVINCES.values()}
    cities: dict[str, tuple[str, str | None]] = {}
    for code, name in CITIES.items():
        cities[short_name(name)] = (PROVINCES[code[:2]], name)
    for province, names in OTHER_CITIES.items():
        for city in names.split():
            cities.setdefault(city, (provinces[province], city + "市"))
    return provinces, cities


_PROVINCE_BY_SHORT, _CITY_BY_SHORT = _build_indexes()


def province_name(text: str | None) -> str | None:
    """The official province name for a full or short name ("浙江" -> "浙江省"), else None."""
    if not text:
        return None
    return _PROVINCE_BY_SHORT.get(short_name(text.strip()))


def city_place(text: str | None) -> Place | None:
    """The Place of a known city given by full or short name ("衢州" -> 浙江省/衢州市)."""
    if not text:
        return None
    found = _CITY_BY_SHORT.get(short_name(text.strip()))
    return Place(found[0], found[1]) if found else None


def is_credit_code(code: str) -> bool:
    """Whether ``code`` has the shape of an 18-character unified social credit code."""
    return bool(_CREDIT_CODE.match(code.strip().upper()))


def place_from_credit_code(code: str) -> Place:
    """The registering authority's place: characters 3-8 are a GB/T 2260 code.

    >>> place_from_credit_code("91330800MA2A0XXXXX")
    Place(province='浙江省', city='衢州市', district=None)
    """
    region = code.strip()[2:8]
    if not region.isdigit():
        return Place()
    return Place(PROVINCES.get(region[:2]), CITIES.get(region[:4]), DISTRICTS.get(region))


def place_from_text(text: str, *, anywhere: bool = True) -> Place:
    """The place an address or a company name names; ``anywhere=False`` looks at the start only.

    A company name is read from its start ("湖南长远锂科…"), then inside brackets
    ("华友（衢州）…"); an address anywhere. Districts of the coded table are found too.
    """
    text = normalise_name(text)
    for candidate in _candidates(text, anywhere):
        place = _place_at_start(candidate)
        if place.province:
            return place
    return Place()


def _candidates(text: str, anywhere: bool) -> list[str]:
    if anywhere:
        return [text[i:] for i in range(len(text))]
    return [text] + [text[m.end():] for m in re.finditer(r"\(", text)]


def _place_at_start(text: str) -> Place:
    province, rest = _take(text, _PROVINCE_BY_SHORT)
    city, rest = _take(rest, _CITY_BY_SHORT)
    if province and city and city[0] != province:
        city = None
    district = next((name for name in DISTRICTS.values() if rest.startswith(name)), None)
    if not (province or city) and text[:3] in _DISTRICT_BY_NAME:
        return _DISTRICT_BY_NAME[text[:3]]
    if city:
        return Place(city[0], city[1], district if _district_in(district, city[1]) else None)
    return Place(province)


def _take(text: str, table: dict):
    """The table value of the place name ``text`` starts with, and the text after it."""
    for size in (3, 2):
        head = text[:size]
        if head in table:
            rest = text[size:]
            suffix = next((s for s in _SUFFIXES if rest.startswith(s)), "")
            return table[head], rest[len(suffix):]
    return None, text


def _district_in(district: str | None, city: str) -> bool:
    return bool(district) and _DISTRICT_BY_NAME[district].city == city


_DISTRICT_BY_NAME = {name: Place(PROVINCES[code[:2]], CITIES.get(code[:4]), name)
                     for code, name in DISTRICTS.items()}


def neighbouring(province_a: str | None, province_b: str | None) -> bool:
    """Whether two provinces (full or short names) share a border."""
    if not province_a or not province_b:
        return False
    a, b = short_name(province_a), short_name(province_b)
    return b in NEIGHBOURS.get(a, "").split()


def region_key(name: str) -> str:
    """The key of a Region node: its normalised official name."""
    return normalise_name(name)


def region_fact(name: str, level: str) -> RegionFact:
    """A Region entity with its short name as an alias."""
    aliases = [short_name(name)] if short_name(name) != name else []
    return RegionFact(key=region_key(name), name=name, level=level, aliases=aliases)


def place_facts(place: Place, doc_id: str) -> tuple[list[RegionFact], list[RelationFact]]:
    """Region entities of a place and PART_OF relations district -> city -> province."""
    chain = [(place.province, "province"), (place.city, "city"), (place.district, "district")]
    known = [(name, level) for name, level in chain if name]
    entities = [region_fact(name, level) for name, level in known]
    relations = [
        RelationFact(type="PART_OF",
                     source=NodeRef(label="Region", key=region_key(child), name=child),
                     target=NodeRef(label="Region", key=region_key(parent), name=parent),
                     evidence=Evidence(doc_id=doc_id, extractor="gazetteer"))
        for (parent, _), (child, _) in zip(known, known[1:])
    ]
    return entities, relations


def gazetteer_places() -> list[Place]:
    """Every place of the coded table: each province, each coded city, each coded district."""
    places = [Place(name) for name in PROVINCES.values()]
    places += [Place(PROVINCES[c[:2]], name) for c, name in CITIES.items()]
    places += [Place(PROVINCES[c[:2]], CITIES.get(c[:4]), name) for c, name in DISTRICTS.items()]
    return places
