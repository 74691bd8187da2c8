"""Foreign companies by the Chinese name news gives them, with no legal suffix and no cue
(特斯拉, 西门子, 巴斯夫): the names of a list (contract/data/companies.foreign.v1.tsv).

A listed name written in the text is a company unless it lies inside a word that names
none (三星堆), a place or a product the text names runs across its edge (武汉|高铁 holds 汉高),
a dictionary word cuts into it (努力|拓展 holds 力拓, 加强|生产 holds 强生), or, for a Latin
name, a letter or digit touches it (ABBA, 3MW).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainkg.contract.text import normalize
from chainkg.contract.vocabulary import ForeignCompanies
from chainkg.extract.rules.region_forms import Words

_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")
_WINDOW = 6  # characters either side of a name that the segmenter reads


@dataclass(frozen=True)
class ForeignHit:
    """A listed foreign company written at [start, end) of the text: its listed name."""

    start: int
    end: int
    name: str


class ForeignNames:
    """Finds the names of a foreign company list in a text (``find``)."""

    def __init__(self, companies: ForeignCompanies):
        self.name_of = {normalize(form)[0]: company.name
                        for company in companies.companies for form in company.forms}
        # longest first, so a word naming no company (三星堆) wins over the name it holds (三星)
        alternatives = sorted({*self.name_of, *(normalize(w)[0] for w in companies.not_names)},
                              key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alternatives)))

    def find(self, text: str, fixed: list[tuple[int, int]] = (), words: Words | None = None) -> list[ForeignHit]:
        """The listed companies named in ``text``. ``fixed`` are the (start, end) of places and
        products found in it, none of which may cross a name's edge (one inside it may:
        现代汽车 holds the product 汽车); ``words`` is a segmenter whose words may not cut into
        a name."""
        hits = []
        for match in self.pattern.finditer(text):
            start, end = match.span()
            name = self.name_of.get(match.group())
            if name is None or _latin_touches(text, start, end) \
                    or any(s < start < e or s < end < e for s, e in fixed) \
                    or words is not None and _cut_into(text, start, end, words):
                continue
            hits.append(ForeignHit(start, end, name))
        return hits


def _latin_touches(text: str, start: int, end: int) -> bool:
    """A Latin name with a letter or digit right before or after it (ABB in ABBA)."""
    return bool(_LATIN_EDGE.match(text[start]) and start > 0 and _LATIN_EDGE.match(text[start - 1])
                or _LATIN_EDGE.match(text[end - 1]) and end < len(text) and _LATIN_EDGE.match(text[end]))


def _cut_into(text: str, start: int, end: int, words: Words) -> bool:
    """Whether a word of the segmented text around [start, end) starts before it and runs into
    it (努力|拓展), or starts inside it and runs past its end. A word that starts where the name
    starts and runs on (三星电子) cuts nothing."""
    if not words.may_cut(text, start, end):
        return False
    position = max(0, start - _WINDOW)
    for word in words.cut(text[position:end + _WINDOW]):
        left, right = position, position + len(word)
        position = right
        if left < start < right or start < left < end < right:
            return True
    return False
