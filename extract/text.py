"""Text utilities for Chinese documents: normalisation with offsets, sentences, numbers.

Everything downstream (NER, relation rules, evidence) works on normalised text,
but evidence must point into the text as it was read. `normalize` therefore
keeps the text the same length wherever it can (full-width to half-width is
1:1) and returns an `OffsetMap` for the one change that is not: collapsed
whitespace.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["OffsetMap", "normalize", "split_sentences", "parse_chinese_number"]

# Full-width punctuation that carries sentence structure stays as it is.
_KEEP_FULL_WIDTH = set("！（），：；？")


def _build_translation() -> dict[int, int]:
    """Full-width ASCII (U+FF01..FF5E) to ASCII, and every space-like char to ' '."""
    table = {
        code: code - 0xFEE0
        for code in range(0xFF01, 0xFF5F)
        if chr(code) not in _KEEP_FULL_WIDTH
    }
    # All str.isspace() characters live below U+3001 (U+3000 is the ideographic space).
    for code in range(0x3001):
        if chr(code).isspace() and chr(code) != "\n":
            table[code] = ord(" ")
    table[ord("\r")] = ord("\n")  # \r\n becomes "\n\n" and is collapsed below
    for code in (0x2028, 0x2029, 0x0B, 0x0C, 0x85, 0x1C, 0x1D, 0x1E):
        table[code] = ord("\n")  # line and paragraph separators break lines
    return table


_TRANSLATION = _build_translation()
# Most text needs few replacements: a regex over the rare characters is ~5x faster than translate().
_TRANSLATABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TRANSLATION)) + "]")
_CONTENT = re.compile(r"\w")
_WHITESPACE_RUN = re.compile(r"[ \n]{2,}")


@dataclass(frozen=True)
class OffsetMap:
    """Maps indices of a normalised text back to the original text.

    Stored as breakpoints: from normalised index `norm_starts[k]` on, the
    original index is `orig_starts[k] + (i - norm_starts[k])`, until the next
    breakpoint. A text that needed no collapsing has a single breakpoint (0, 0).
    """

    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    norm_length: int
    orig_length: int

    @property
    def is_identity(self) -> bool:
        """True when every index maps to itself."""
        return len(self.norm_starts) == 1 and self.norm_length == self.orig_length

    def to_original(self, index: int) -> int:
        """Original index of normalised `index` (0 <= index <= norm_length)."""
        if not 0 <= index <= self.norm_length:
            raise IndexError(f"index {index} outside 0..{self.norm_length}")
        if index == self.norm_length:
            return self.orig_length
        k = bisect_right(self.norm_starts, index) - 1
        return self.orig_starts[k] + (index - self.norm_starts[k])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised half-open span [start, end)."""
        if end <= start:
            origin = self.to_original(start)
            return origin, origin
        return self.to_original(start), self.to_original(end - 1) + 1


def _translate_match(match: re.Match) -> str:
    return chr(_TRANSLATION[ord(match.group())])


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Normalise full-width characters and whitespace; return the text and its OffsetMap.

    Full-width digits, letters and symbols (０-９ Ａ-Ｚ ａ-ｚ ％ ．) become ASCII,
    the ideographic space and other spaces become ' ', and runs of whitespace
    collapse to one '\\n' (if the run holds a line break) or one ' '. Chinese
    punctuation (，。；：！？（）「」“”) is kept, since it carries sentence structure.

    >>> normalize("营收５１．５亿元，\\u3000\\u3000同比增长")[0]
    '营收51.5亿元， 同比增长'
    """
    translated = _TRANSLATABLE.sub(_translate_match, text)
    pieces: list[str] = []
    norm_starts, orig_starts = [0], [0]
    position = 0
    removed = 0
    for match in _WHITESPACE_RUN.finditer(translated):
        start, end = match.span()
        pieces.append(translated[position:start])
        pieces.append("\n" if "\n" in match.group() else " ")
        removed += end - start - 1
        norm_starts.append(end - removed)
        orig_starts.append(end)
        position = end
    pieces.append(translated[position:])
    normalised = "".join(pieces)
    offsets = OffsetMap(tuple(norm_starts), tuple(orig_starts), len(normalised), len(text))
    return normalised, offsets


# A sentence ends after terminal punctuation plus any closing quotes/brackets,
# or at a line break. '.' is deliberately absent: 51.5亿元 must stay whole.
_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』）)》\]\"']*|\n")
_MAX_SENTENCE = 500


def split_sentences(text: str, *, max_length: int = _MAX_SENTENCE) -> list[tuple[int, int]]:
    """Split `text` into sentence spans (start, end), stripped of surrounding whitespace.

    Splits after 。！？；!? (with their closing quotes and brackets) and at line
    breaks; never at a decimal point. Sentences longer than `max_length` are
    cut after '，' as a fallback, packing clauses up to `max_length`.

    >>> text = "总投资51.5亿元。他说：“好！”"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['总投资51.5亿元。', '他说：“好！”']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.extend(_stripped_pieces(text, start, match.end(), max_length))
        start = match.end()
    spans.extend(_stripped_pieces(text, start, len(text), max_length))
    return spans


def _stripped_pieces(text: str, start: int, end: int, max_length: int) -> list[tuple[int, int]]:
    """The span [start, end) without surrounding whitespace, cut if too long; [] if blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not _CONTENT.search(text, start, end):
        return []  # blank, or punctuation left over like a lone "。"
    if end - start <= max_length:
        return [(start, end)]
    return [
        piece
        for cut_start, cut_end in _cut_at_commas(text, start, end, max_length)
        for piece in _stripped_pieces(text, cut_start, cut_end, end - start)
    ]


def _cut_at_commas(text: str, start: int, end: int, max_length: int) -> list[tuple[int, int]]:
    """Cut [start, end) after the last '，' that keeps each piece within max_length."""
    cuts: list[tuple[int, int]] = []
    while end - start > max_length:
        comma = text.rfind("，", start, start + max_length)
        if comma < 0:
            comma = text.find("，", start + max_length, end - 1)
        if comma < 0:
            break  # no comma at all: a long piece beats a cut inside a number or name
        cuts.append((start, comma + 1))
        start = comma + 1
    cuts.append((start, end))
    return cuts


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
    text = _THOUSANDS_COMMA.sub("", s.strip().translate(_TRANSLATION)).strip()
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
