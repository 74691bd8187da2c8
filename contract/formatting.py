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

import re
import unicodedata
from datetime import date, datetime, timezone, tzinfo

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


_RUNS_OF_SPACE = re.compile(r"[ \t\u3000\u00a0\r\n\f\v]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(text: str | None) -> str:
    """Text as one line to print in a cell: tabs and line breaks become one space, control
    characters go (a PDF font has no glyph for a tab, Word shows it as a jump).

    >>> plain_text("江西赣锋锂业\\t赣锋锂业\\n江西新余")
    '江西赣锋锂业 赣锋锂业 江西新余'
    """
    return _RUNS_OF_SPACE.sub(" ", _CONTROL.sub("", text or "")).strip()


# What a file name or a web page's <title> adds to a document's title: an encoding tag of the
# file name (衢州特种纸产业_GBK) or the site after the last separator (…_衢州新闻网).
_ENCODING_TAG = re.compile(r"[_\-\s.（(]*(?:gbk|gb2312|gb18030|utf-?8|utf-?16|big5|ansi)[)）]?$", re.I)
_SITE_TAIL = re.compile(r"^(?P<title>.+?)\s*(?:[_|｜]|\s-\s|\s—\s)\s*(?P<site>[^_|｜]{2,30})$")
_SITE_WORDS = ("网", "网站", "门户", "政府", "日报", "新闻", "报", "频道", "官网", "在线", "客户端")


def title_and_site(title: str | None) -> tuple[str, str]:
    """A document title without file-name artefacts, and the site a web page's title names.

    >>> title_and_site("十二英寸硅片项目满产在即_衢州新闻网")
    ('十二英寸硅片项目满产在即', '衢州新闻网')
    >>> title_and_site("衢州特种纸产业_GBK")
    ('衢州特种纸产业', '')
    """
    text = _ENCODING_TAG.sub("", plain_text(title)) or plain_text(title)
    match = _SITE_TAIL.match(text)
    if match and any(word in match.group("site") for word in _SITE_WORDS):
        return match.group("title"), match.group("site")
    return text, ""


def document_title(title: str | None) -> str:
    """A document's title as a reader sees it: 《》 not included, artefacts removed."""
    return title_and_site(title)[0]


def local_time(stamp: str | None, zone: tzinfo | None = None) -> str:
    """An ISO time stamp (UTC as the writer stamps it) in local time: ``2024-05-01 16:20``."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def zh_date(day: date | None = None) -> str:
    """A date as a Chinese document writes it: ``2024年5月1日``."""
    day = day or date.today()
    return f"{day.year}年{day.month}月{day.day}日"
