"""Which region each place-name match in a text names: the gazetteer's conditions, applied.

Pure functions over the matches of every gazetteer form in a text (overlaps included), so they
can be tested without spaCy. A form of ``gazetteer.forms`` names its region wherever it is
written (浙江, 衢州市, 柯城区); these matches are the *anchors*. A conditional form
(``gazetteer.conditional``) names a region only when the anchors say which:

* written right after a region above it (甘南合作, 江西信丰, 北京朝阳): that one;
* ``context``: else the region the anchors support: the region itself, its parent or a sibling
  under the same parent is named in the text (柯城 in a text naming 衢州; 鼓楼 with 南京 named
  goes to 南京市鼓楼区, not 福州's), the nearest support winning; else the form's ``default``
  (中山 -> 中山市), else nothing.

A match that a word cuts into (焦作 in 熄焦作为, 大连 in 各大连锁, 广州市 in 广州市场, 朝阳 in
朝阳产业) is dropped when ``words`` (a word segmenter) is given: see ``_on_word_edges``.

>>> from chainkg.contract.gazetteer import load_gazetteer
>>> g = load_gazetteer()
>>> text = "衢州市柯城区和柯城"
>>> [(s.start, s.name) for s in resolve_regions(text, find_forms(text, g), g)]
[(0, '衢州市'), (3, '柯城区'), (7, '柯城区')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chainkg.contract.gazetteer import Gazetteer

_SUFFIX_CHARS = set("省市区县州旗盟")
_WINDOW = 6  # characters of context around a match that the word check segments
_LONGEST_CUT = 3  # longer names (黑龙江省, 乌兹别克斯坦) are not cut into by words in practice


@dataclass(frozen=True)
class Words:
    """A word segmenter (``cut``) and its dictionary (word -> frequency, 0 for a mere prefix)."""

    cut: Callable[[str], Iterable[str]]
    dictionary: dict[str, int]

    def may_cut(self, text: str, start: int, end: int, reach: int = 4) -> bool:
        """Whether a dictionary word crosses [start, end) or runs on past it: only then is the
        text segmented. The dictionary holds every prefix of its words, so a scan stops early."""
        for left in range(max(0, start - reach), end):
            for right in range(left + 2, min(len(text), max(end, left) + reach) + 1):
                count = self.dictionary.get(text[left:right])
                if count is None:
                    break
                if count and (left < start < right or right > end):
                    return True
        return False


@dataclass(frozen=True)
class FormMatch:
    """A gazetteer form written at [start, end) of the text."""

    start: int
    end: int
    form: str


@dataclass(frozen=True)
class RegionSpan:
    """A region named at [start, end): its canonical name."""

    start: int
    end: int
    name: str


def find_forms(text: str, gazetteer: Gazetteer) -> list[FormMatch]:
    """Every match of a gazetteer form (plain or conditional) in ``text``, overlaps included.

    A plain scan for tests and small texts; the pipeline matches with spaCy's PhraseMatcher.
    """
    forms = set(gazetteer.forms) | set(gazetteer.conditional)
    sizes = sorted({len(f) for f in forms}, reverse=True)
    return [FormMatch(i, i + n, text[i:i + n]) for i in range(len(text)) for n in sizes
            if i + n <= len(text) and text[i:i + n] in forms]


def resolve_regions(text: str, matches: Iterable[FormMatch], gazetteer: Gazetteer,
                    words: Words | None = None) -> list[RegionSpan]:
    """The regions ``text`` names: non-overlapping spans, longest first, each with its region."""
    matches = list(matches)
    if words is not None:
        matches = [m for m in matches
                   if _on_word_edges(text, m, matches, words, m.form in gazetteer.forms)]
    plain = [RegionSpan(m.start, m.end, gazetteer.forms[m.form]) for m in matches if m.form in gazetteer.forms]
    open_ = [m for m in matches if m.form in gazetteer.conditional
             and gazetteer.conditional[m.form].condition != "never"]
    found: dict[FormMatch, str] = {}
    # Twice: a form the first round settles (河南 by default) may settle the next (河南内乡).
    for last_round in (False, True):
        anchors = _longest_first(plain + [RegionSpan(m.start, m.end, n) for m, n in found.items()])
        for match in open_:
            if match in found:
                continue
            rule = gazetteer.conditional[match.form]
            name = _after_parent(match, rule.regions, anchors, gazetteer)
            if name is None and rule.condition == "context":
                name = _supported(match, rule.regions, anchors, gazetteer) or \
                    (rule.default if not last_round else None)
            if name is not None:
                found[match] = name
    return _longest_first(plain + [RegionSpan(m.start, m.end, n) for m, n in found.items()])


def _after_parent(match: FormMatch, regions, anchors: list[RegionSpan], gazetteer: Gazetteer) -> str | None:
    """The region right after an anchor above it (江西信丰 -> 信丰县)."""
    before = next((a for a in anchors if a.end == match.start), None)
    if before is None or gazetteer.regions[before.name].level == "country":
        return None
    inside = [r for r in regions if r != before.name and gazetteer.is_inside(r, before.name)]
    return inside[0] if len(inside) == 1 else None


def _supported(match: FormMatch, regions, anchors: list[RegionSpan], gazetteer: Gazetteer) -> str | None:
    """The region whose self, parent or sibling is named nearest to the match (before it, on a
    tie: 南京市的鼓楼区和福州); None on a tie still."""
    best: dict[str, tuple[int, int]] = {}
    for name in regions:
        parent = _parent(name, gazetteer)
        distances = [_distance(a, match) for a in anchors
                     if a.name in (name, parent) or (parent and _parent(a.name, gazetteer) == parent)]
        if distances:
            best[name] = min(distances)
    if not best:
        return None
    nearest = min(best.values())
    winners = [name for name, distance in best.items() if distance == nearest]
    return winners[0] if len(winners) == 1 else None


def _distance(anchor: RegionSpan, match: FormMatch) -> tuple[int, int]:
    if anchor.end <= match.start:
        return match.start - anchor.end, 0
    return max(0, anchor.start - match.end), 1


def _parent(name: str, gazetteer: Gazetteer) -> str | None:
    """The region's parent, unless that is a country (every province would be a sibling)."""
    parent = gazetteer.regions[name].parent
    if parent is None or gazetteer.regions[parent].level == "country":
        return None
    return parent


def _on_word_edges(text: str, match: FormMatch, matches: list[FormMatch], words: Words,
                   plain: bool) -> bool:
    """False when a word of the segmented text around the match cuts into its start (熄焦|作为
    cuts 焦作, 各大|连锁 cuts 大连), or runs on past its end: for a conditional form always
    (朝阳产业, 钱塘江), for a plain one only when the word takes its suffix and the name without
    it is matched too (广州|市场). A word made of place names (辽宁沈阳) cuts nothing, and a plain
    name may open a word (美国政府, 秦皇岛港). Only a match that some dictionary word crosses
    is segmented."""
    if len(match.form) > _LONGEST_CUT or not words.may_cut(text, match.start, match.end):
        return True
    start_cut = end_cut = False
    position = max(0, match.start - _WINDOW)
    for word in words.cut(text[position:match.end + _WINDOW]):
        left, right = position, position + len(word)
        position = right
        if right <= match.start or left >= match.end or (match.start <= left and right <= match.end):
            continue  # outside the match, or a piece of it
        if left <= match.start and match.end <= right and _tiled(left, right, matches):
            continue
        start_cut |= left < match.start or left > match.start  # into its start, or across its end
        end_cut |= left == match.start                          # it opens a longer word
    if start_cut or not end_cut:
        return not start_cut
    if not plain:
        return False
    shorter = match.form[-1] in _SUFFIX_CHARS and len(match.form) > 2 and \
        any(m.start == match.start and m.end == match.end - 1 for m in matches)
    return not shorter


def _tiled(left: int, right: int, matches: list[FormMatch]) -> bool:
    """Whether matches inside [left, right) cover every character of it (辽宁沈阳)."""
    covered = set()
    for m in matches:
        if left <= m.start and m.end <= right:
            covered.update(range(m.start, m.end))
    return len(covered) == right - left


def _longest_first(spans: list[RegionSpan]) -> list[RegionSpan]:
    placed: list[RegionSpan] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= p.start or p.end <= span.start for p in placed):
            placed.append(span)
    return sorted(placed, key=lambda s: s.start)
