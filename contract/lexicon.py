"""The chain lexicon: every segment name, product and alias of the chain templates.

Extraction turns it into span-ruler patterns; the loaders use it to put a product named
in a registry onto the template product it names. One entry is one surface form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from chainkg.contract.keys import product_key
from chainkg.contract.templates import ChainTemplate, SegmentTemplate


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One surface form for the extraction lexicon.

    ``label`` is ``PRODUCT`` (a product name or alias), ``SEGMENT`` (a
    segment name or alias), ``HEAD`` (an ending that makes a name a kind of the
    product: 注射液 for 注射剂) or ``MARK`` (a part that does: 沙星 for 化学药制剂).
    ``product_key`` is the key of the product the text names; for a segment
    text it is the segment's generic product (the key of the segment name, see
    ``SegmentTemplate.included_products``). Heads and marks are for the linker,
    never patterns to find in running text.
    """

    text: str
    label: str
    chain: str
    segment: str
    product_key: str

    @property
    def is_canonical(self) -> bool:
        """Whether the text is the product's own name rather than an alias."""
        return product_key(self.text) == self.product_key


def lexicon(templates: Iterable[ChainTemplate]) -> list[LexiconEntry]:
    """Every segment name, product and alias of ``templates`` as lexicon entries.

    Inside one chain each text appears once (validation guarantees it); the
    same text may appear in several chains, once per chain.
    """
    entries: list[LexiconEntry] = []
    for chain in templates:
        for segment in chain.segments:
            entries.extend(_segment_entries(chain.key, segment))
    return entries


def _segment_entries(chain: str, segment: SegmentTemplate) -> list[LexiconEntry]:
    generic = product_key(segment.name)
    entries = [
        LexiconEntry(text, "SEGMENT", chain, segment.key, generic)
        for text in [segment.name, *segment.aliases]
    ]
    for product in segment.products:
        if product != segment.name:
            key = product_key(product)
            entries.extend(LexiconEntry(text, "PRODUCT", chain, segment.key, key)
                           for text in [product, *segment.aliases_of(product)])
    for label, field in (("HEAD", segment.heads), ("MARK", segment.marks)):
        for product, texts in field.items():
            entries.extend(LexiconEntry(text, label, chain, segment.key, product_key(product))
                           for text in texts)
    return entries


def canonical_product_names(entries: Iterable[LexiconEntry]) -> dict[str, str]:
    """Product key -> the product's own name as the templates write it (a segment's name
    for its generic product)."""
    return {entry.product_key: entry.text for entry in entries
            if entry.label in ("PRODUCT", "SEGMENT") and entry.is_canonical}


ProductIndex = dict[str, tuple[str, str]]  # normalised name or alias -> (product key, product name)

NAMING_LABELS = ("PRODUCT", "SEGMENT")  # entries that name a product (not heads or marks)


def product_index(entries: Iterable[LexiconEntry]) -> ProductIndex:
    """Every product name and alias of the lexicon (a segment's names included, for its
    generic product) -> the key and name of the product it names."""
    entries = [e for e in entries if e.label in NAMING_LABELS]
    names = canonical_product_names(entries)
    return {product_key(e.text): (e.product_key, names.get(e.product_key, e.text)) for e in entries}


def resolve_product(name: str, index: ProductIndex) -> tuple[str, str]:
    """The (key, name) of a product: the template product it names, else its own."""
    key = product_key(name)
    return index.get(key, (key, name.strip()))


# --------------------------------------------------------------------------
# Linking any product name to a template product


@dataclass(frozen=True)
class Link:
    """A product name put on a template product: which one, how sure, by which rule."""

    product_key: str
    product_name: str
    confidence: float
    rule: str        # name | alias | suffix | head | mark | modifier
    matched: str     # the template text the name was matched on


# Words that follow a product name without changing what is made: 锂盐系列, 隔膜产品, 木浆销售.
KNOWN_SUFFIXES = ("系列产品", "系列", "产品", "制品", "业务", "销售", "气体", "类")
# "A及B", "A及其制品": the first thing named is what is made.
_CONJUNCTION = re.compile(r"及其|及|与|和|、")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_ASCII_WORD = re.compile(r"[a-z0-9-]")
# A modifier before a template text (高镍三元正极材料 -> 三元正极材料) is trusted by the length
# of the text it ends in: a long product name is specific, a two-character one (电池) is not.
MODIFIER_CONFIDENCE = {1: 0.0, 2: 0.6, 3: 0.8, 4: 0.9}
SUFFIX_CONFIDENCE = 0.9
HEAD_CONFIDENCE = 0.85   # heads and marks are written by the template's author for this
AUTO_LINK = 0.8          # a link at or above this is made; below it goes to review


class ProductLinker:
    """Puts product names from documents, registries and CKG on the template products.

    Rules, most certain first: the name is a template product (1.0) or an alias of one, a
    segment's name or alias included (0.98); it is one with a known suffix (锂盐系列, 0.9);
    it ends in a template text after a modifier (高镍三元正极材料, 0.9 for a text of four
    characters or more, 0.8 for three, 0.6 for two) or in a head the template gives (注射液
    for 注射剂, 0.85), or holds a mark (沙星 for 化学药制剂, 0.85). Of the endings the longest
    wins; a mark counts where no ending matched. Between chains, the first chain in the
    lexicon's order wins.

    >>> linker = ProductLinker([LexiconEntry("三元正极材料", "PRODUCT", "c", "cathode", "三元正极材料")])
    >>> linker.link("高镍三元正极材料")
    Link(product_key='三元正极材料', product_name='三元正极材料', confidence=0.9, rule='modifier', matched='三元正极材料')
    """

    def __init__(self, entries: Iterable[LexiconEntry]):
        entries = list(entries)
        names = canonical_product_names(entries)
        self._texts: dict[str, tuple[str, str, str]] = {}   # text -> (product key, name, rule)
        self._marks: dict[str, tuple[str, str]] = {}
        for entry in entries:
            name = names.get(entry.product_key, entry.text)
            text = product_key(entry.text)
            if entry.label == "MARK":
                self._marks.setdefault(text, (entry.product_key, name))
            elif entry.label == "HEAD":
                self._texts.setdefault(text, (entry.product_key, name, "head"))
            else:
                self._texts.setdefault(text, (entry.product_key, name, "name" if entry.is_canonical else "alias"))
        self._lengths = sorted({len(text) for text in self._texts}, reverse=True)

    def link(self, name: str) -> Link | None:
        """The template product ``name`` names, or None when no rule links it."""
        key = _EDGE_PUNCTUATION.sub("", product_key(name))
        if not key:
            return None
        found = self._link_key(key)
        if found is None and _CONJUNCTION.search(key):
            first = _CONJUNCTION.split(key, maxsplit=1)[0]
            found = self._link_key(first) if len(first) >= 2 else None
            if found:
                found = Link(found.product_key, found.product_name, min(found.confidence, HEAD_CONFIDENCE),
                             found.rule, found.matched)
        return found

    def _link_key(self, key: str) -> Link | None:
        found = self._exact(key)
        for suffix in KNOWN_SUFFIXES:
            if found is None and key.endswith(suffix) and len(key) > len(suffix):
                base = self._exact(key[: -len(suffix)]) or self._ending(key[: -len(suffix)])
                if base:
                    found = Link(base.product_key, base.product_name,
                                 min(base.confidence, SUFFIX_CONFIDENCE), "suffix", base.matched)
        return found or self._ending(key) or self._mark(key)

    def _exact(self, key: str) -> Link | None:
        hit = self._texts.get(key)
        if hit is None:
            return None
        product, name, rule = hit
        confidence = {"name": 1.0, "alias": 0.98, "head": SUFFIX_CONFIDENCE}[rule]
        return Link(product, name, confidence, rule, key)

    def _ending(self, key: str) -> Link | None:
        for size in self._lengths:
            if size < len(key) and key[-size:] in self._texts and not _inside_ascii_word(key, size):
                product, name, rule = self._texts[key[-size:]]
                if rule == "head":
                    return Link(product, name, HEAD_CONFIDENCE, "head", key[-size:])
                return Link(product, name, MODIFIER_CONFIDENCE[min(size, 4)], "modifier", key[-size:])
        return None

    def _mark(self, key: str) -> Link | None:
        for text, (product, name) in sorted(self._marks.items(), key=lambda item: -len(item[0])):
            if text in key and text != key:
                return Link(product, name, HEAD_CONFIDENCE, "mark", text)
        return None


def _inside_ascii_word(key: str, size: int) -> bool:
    """Whether the last ``size`` characters start inside a Latin word (u-pack, epc)."""
    return bool(_ASCII_WORD.match(key[-size])) and bool(_ASCII_WORD.match(key[-size - 1]))
