"""Numbers written in Chinese, Arabic or mixed form: 四百六十七, 1.5万, ２０亿."""

from __future__ import annotations

import re
from decimal import Decimal

from chainkg.contract.text import normalize

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_DIGIT_CLASS = "".join(_DIGITS)
_TOKEN = re.compile(
    rf"(?P<arabic>\d+(?:\.\d+)?)"
    rf"|(?P<cn_decimal>[{_DIGIT_CLASS}]+点[{_DIGIT_CLASS}]+)"
    rf"|(?P<digit>[{_DIGIT_CLASS}])"
    rf"|(?P<small>[{''.join(_SMALL_UNITS)}])"
    rf"|(?P<big>[{''.join(_BIG_UNITS)}])"
    rf"|(?P<approx>[多余])"
)
_NUMBER_KINDS = frozenset({"arabic", "digit", "cn_decimal"})
_THOUSANDS_COMMA = re.compile(r"(?<=\d)[,，](?=\d{3})")


def parse_chinese_number(s: str) -> float | None:
    """Value of a Chinese, Arabic or mixed numeral, or None if `s` is not one.

    Handles 四百六十七 (467), 两千万 (2e7), 十二 (12), 一千零五 (1005), 三万五 (35000),
    1.5万 (15000), 2.3亿, 3,000, full-width digits, 二〇二五 (2025, digit by
    digit), 三点五 (3.5) and percentages (百分之三十, 30%: 0.3). 多/余 in
    "300多亿" are read as a lower bound (3e10).

    >>> parse_chinese_number("1.5万")
    15000.0
    """
    text = _THOUSANDS_COMMA.sub("", normalize(s.strip())[0]).strip()
    sign = -1.0 if text[:1] in ("-", "负") else 1.0
    text = text[1:] if sign < 0 else text
    scale = Decimal(1)
    if text.startswith("百分之"):
        text, scale = text[3:], Decimal("0.01")
    elif text.endswith("%"):
        text, scale = text[:-1], Decimal("0.01")
    value = _parse_unsigned(text)
    return None if value is None else sign * float(value * scale)


def _parse_unsigned(text: str) -> Decimal | None:
    """Value of an unsigned numeral, or None if `text` is not entirely one."""
    tokens = _tokenize(text)
    if not tokens:
        return None
    if len(tokens) > 1 and all(kind == "digit" for kind, _ in tokens):
        return Decimal("".join(str(int(value)) for _, value in tokens))  # 二〇二五
    if not any(kind in _NUMBER_KINDS or kind == "small" for kind, _ in tokens):
        return None  # a bare 万 or 多 is not a number
    return _combine(tokens)


def _tokenize(text: str) -> list[tuple[str, Decimal]]:
    """(kind, value) tokens covering all of `text`; [] if anything is left over."""
    tokens: list[tuple[str, Decimal]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            return []
        kind, raw = match.lastgroup, match.group()
        tokens.append((kind, _token_value(kind, raw)))
        position = match.end()
    if position != len(text):
        return []
    return tokens


def _token_value(kind: str, raw: str) -> Decimal:
    """Numeric value of one token (units give their multiplier)."""
    if kind == "arabic":
        return Decimal(raw)
    if kind == "cn_decimal":
        whole, fraction = raw.split("点")
        return Decimal(f"{_digit_string(whole)}.{_digit_string(fraction)}")
    if kind == "digit":
        return Decimal(_DIGITS[raw])
    if kind == "small":
        return Decimal(_SMALL_UNITS[raw])
    if kind == "big":
        return Decimal(_BIG_UNITS[raw])
    return Decimal(0)  # approx (多/余): adds nothing


def _digit_string(chinese_digits: str) -> str:
    """三五 -> '35'."""
    return "".join(str(_DIGITS[ch]) for ch in chinese_digits)


def _combine(tokens: list[tuple[str, Decimal]]) -> Decimal | None:
    """Fold number and unit tokens: 三千五百万 -> (3*1000 + 5*100) * 10000."""
    total = section = Decimal(0)
    current: Decimal | None = None
    last_unit, zero_seen = Decimal(0), False
    for kind, value in tokens:
        if kind in _NUMBER_KINDS:
            if current is not None:
                return None  # two numbers in a row, e.g. "3 5"
            if kind == "digit" and value == 0:
                zero_seen = True  # 一千零五: the 5 is units, not colloquial hundreds
            else:
                current = value
        elif kind == "small":
            section += (Decimal(1) if current is None else current) * value
            current, last_unit = None, value
        elif kind == "big":
            total, section = _apply_big_unit(total, section + (current or 0), value)
            current, last_unit = None, value
    if current is not None and last_unit >= 100 and not zero_seen:
        current *= last_unit / 10  # colloquial 三万五 = 35000, 一百五 = 150
    return total + section + (current or 0)


def _apply_big_unit(total: Decimal, section: Decimal, unit: Decimal) -> tuple[Decimal, Decimal]:
    """Apply 万 or 亿 to the running (total, section) pair."""
    if unit >= 100_000_000:
        return (total + section) * unit, Decimal(0)
    return total, section * unit
