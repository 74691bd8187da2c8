"""Quantities, dates and project stages in Chinese text.

Pure functions over normalised text (full-width digits are already ASCII). Numbers may be
Arabic (3.5, 1,200) or Chinese (四百六十七, 两千); magnitudes 万/亿 are folded in, so
``总投资约35亿元`` gives an investment of 3.5e9 CNY and ``占地三百二十亩`` an area of 320 mu.

>>> [(q.kind, q.value) for q in find_quantities("总投资约35亿元，占地三百二十亩")]
[('investment', 3500000000.0), ('area', 320.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainkg.extract.rules.chinese_numbers import parse_chinese_number

_CN = "零〇一二两三四五六七八九十百千"
NUMBER = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+(?:点[零〇一二三四五六七八九]+)?)"
MAGNITUDE = r"(?:千万|百万|万亿|万|亿)?"
_MONEY = re.compile(rf"(?P<num>{NUMBER}(?:多|余)?{MAGNITUDE})(?P<unit>元|美元|人民币|欧元)")
CAPACITY = re.compile(rf"(?P<num>{NUMBER}{MAGNITUDE})(?P<unit>吨|GWh|MWh|GW|MW|片|套|台|辆|条(?:生产|产)线|平方米|公里)")
_AREA = re.compile(rf"(?P<num>{NUMBER}(?:多|余)?{MAGNITUDE})(?P<unit>亩|平方米|平方公里)")
_JOBS = re.compile(rf"(?:就业|岗位|员工|职工|用工)[^，。；\d{_CN}]{{0,4}}(?P<num>{NUMBER}(?:多|余)?万?)(?:人|个)"
                   rf"|(?P<num2>{NUMBER}(?:多|余)?万?)个(?:就业)?岗位")
_YEAR = r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年"
_DATE = re.compile(_YEAR + r"(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月"
                           r"(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日)?)?")
_STAGE = re.compile(r"签约|开工|动工|开建|投产|试生产|试产|达产|竣工|建成投用|封顶")
STAGES = {"签约": "签约", "开工": "开工", "动工": "开工", "开建": "开工", "投产": "投产",
          "试生产": "投产", "试产": "投产", "达产": "投产", "竣工": "竣工", "建成投用": "竣工",
          "封顶": "开工"}
_USD_CNY = 7.1  # a fixed rate: a document's own rate is rarely given and never dated here
_INVEST_CUE = re.compile(r"投资|投入|总投")
_OUTPUT_CUE = re.compile(r"产值|营收|营业收入|销售收入|销售额|收入")


@dataclass(frozen=True)
class Quantity:
    """A quantity in the text: kind, half-open span, value (numbers) or text (dates, stages)."""

    kind: str  # investment | money | output_value | capacity | area | jobs | date | stage
    start: int
    end: int
    value: float | str
    text: str


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity, date and stage word in ``text``, in text order."""
    found = [*_money(text), *_capacities(text), *_areas(text), *_jobs(text), *_dates(text),
             *(Quantity("stage", m.start(), m.end(), STAGES[m.group()], m.group())
               for m in _STAGE.finditer(text))]
    return sorted(found, key=lambda q: (q.start, q.end))


def _money(text: str) -> list[Quantity]:
    found = []
    for match in _MONEY.finditer(text):
        value = parse_chinese_number(match.group("num"))
        if value is None:
            continue
        if match.group("unit") == "美元":
            value *= _USD_CNY
        before = text[max(0, match.start() - 8):match.start()]
        kind = ("investment" if _INVEST_CUE.search(before)
                else "output_value" if _OUTPUT_CUE.search(before) else "money")
        found.append(Quantity(kind, match.start(), match.end(), value, match.group()))
    return found


def _capacities(text: str) -> list[Quantity]:
    found = []
    for match in CAPACITY.finditer(text):
        if match.group("unit") in ("平方米", "公里"):
            continue  # areas and distances, not capacity
        if parse_chinese_number(match.group("num")) is not None:
            found.append(Quantity("capacity", match.start(), match.end(), match.group(), match.group()))
    return found


def _areas(text: str) -> list[Quantity]:
    found = []
    for match in _AREA.finditer(text):
        value = parse_chinese_number(match.group("num"))
        if value is None:
            continue
        unit = match.group("unit")
        mu = value if unit == "亩" else value / 666.67 if unit == "平方米" else value * 1500
        found.append(Quantity("area", match.start(), match.end(), round(mu, 2), match.group()))
    return found


def _jobs(text: str) -> list[Quantity]:
    found = []
    for match in _JOBS.finditer(text):
        raw = match.group("num") or match.group("num2")
        value = parse_chinese_number(raw)
        if value is not None and value >= 1:
            found.append(Quantity("jobs", match.start(), match.end(), int(value), match.group()))
    return found


def _dates(text: str) -> list[Quantity]:
    found = []
    for match in _DATE.finditer(text):
        iso = date_iso(match)
        if iso:
            found.append(Quantity("date", match.start(), match.end(), iso, match.group()))
    return found


def date_iso(match: re.Match) -> str | None:
    """2025年3月12日 -> '2025-03-12', 二〇二八年 -> '2028' (None when not a plausible date)."""
    year = parse_chinese_number(match.group("y"))
    if year is None or not 1900 <= year <= 2100:
        return None
    parts = [f"{int(year):04d}"]
    for group, high in (("m", 12), ("d", 31)):
        raw = match.group(group)
        if raw is None:
            break
        value = parse_chinese_number(raw)
        if value is None or not 1 <= value <= high:
            break
        parts.append(f"{int(value):02d}")
    return "-".join(parts)


_ISO_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def first_full_date(text: str, within: int = 3000) -> str | None:
    """The first complete date (2025年3月12日 or 2025-03-12) in the start of ``text``, ISO formatted."""
    candidates = []
    for match in _DATE.finditer(text, 0, within):
        iso = date_iso(match)
        if iso and iso.count("-") == 2:
            candidates.append((match.start(), iso))
            break
    for match in _ISO_DATE.finditer(text, 0, within):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            candidates.append((match.start(), f"{year:04d}-{month:02d}-{day:02d}"))
            break
    return min(candidates)[1] if candidates else None
