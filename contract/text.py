"""Document text normalisation with offsets back to the text as it was read.

Everything downstream (patterns, NER, relation rules, evidence) works on normalised text,
but evidence must point into the original. `normalize` therefore keeps the text the same
length wherever it can (full-width to half-width is 1:1) and returns an `OffsetMap` for
the one change that is not: collapsed whitespace. Tabs are kept: the readers separate
table cells with them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["OffsetMap", "normalize"]

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
        if chr(code).isspace() and chr(code) not in "\n\t":
            table[code] = ord(" ")
    table[ord("\r")] = ord("\n")  # \r\n becomes "\n\n" and is collapsed below
    for code in (0x2028, 0x2029, 0x0B, 0x0C, 0x85, 0x1C, 0x1D, 0x1E):
        table[code] = ord("\n")  # line and paragraph separators break lines
    return table


_TRANSLATION = _build_translation()
# Most text needs few replacements: a regex over the rare characters is ~5x faster than translate().
_TRANSLATABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TRANSLATION)) + "]")
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
    the ideographic space and other spaces become ' ', and runs of spaces and line breaks
    collapse to one '\\n' (if the run holds a line break) or one ' '; tabs stay. Chinese
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
