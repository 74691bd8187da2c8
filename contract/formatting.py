"""Numbers the Chinese way, for the app and the exports: 51.5亿元, 15万吨, 1.2万人.

Chinese readers group large numbers by 万 (10^4) and 亿 (10^8), not by thousands, so
5150000000 yuan reads as 51.5亿元 and 12000 jobs as 1.2万人. Up to ``digits`` decimals are
kept and trailing zeros dropped; values below 10000 are written out in full.

>>> zh_number(5_150_000_000, "元")
'51.5亿元'
>>> zh_number(150_000, "吨")
'15万吨'
>>> zh_number(12_000, "人")
'1.2万人'
"""

from __future__ import annotations

import unicodedata

WAN = 10_000
YI = 100_000_000


def _trim(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def zh_number(value: float | int | None, unit: str = "", *, digits: int = 2) -> str:
    """``value`` with 万 or 亿 and ``unit`` appended; ``None`` gives an empty string."""
    if value is None:
        return ""
    size = abs(value)
    if size >= YI:
        return f"{_trim(value / YI, digits)}亿{unit}"
    if size >= WAN:
        return f"{_trim(value / WAN, digits)}万{unit}"
    return f"{_trim(value, digits)}{unit}"


def zh_money(cny: float | int | None) -> str:
    """An amount in yuan: ``zh_money(3e8)`` -> ``'3亿元'``; 0 or None -> ``''``."""
    return zh_number(cny, "元") if cny else ""


def zh_count(value: int | None, unit: str = "") -> str:
    """A count with its measure word: ``zh_count(4654, "家")`` -> ``'4654家'``."""
    return zh_number(value or 0, unit, digits=1)


def zh_percent(share: float | None, digits: int = 0) -> str:
    """A share in 0..1 as a percentage: ``zh_percent(0.625)`` -> ``'62%'`` (rounded half-even)."""
    if share is None:
        return ""
    return f"{_trim(share * 100, digits)}%"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced or table layout: CJK and full-width characters two.

    >>> display_width("正极材料ABC")
    11
    """
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
