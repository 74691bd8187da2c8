"""Sentence spans of Chinese text: after terminal punctuation and at line breaks."""

from __future__ import annotations

import re

_CONTENT = re.compile(r"\w")

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
