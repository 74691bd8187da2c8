"""The chain lexicon: every segment name, product and alias of the chain templates.

Extraction turns it into span-ruler patterns; the loaders use it to put a product named
in a registry onto the template product it names. One entry is one surface form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chainkg.contract.keys import product_key
from chainkg.contract.templates import ChainTemplate, SegmentTemplate


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One surface form for the extraction lexicon.

    ``label`` is ``PRODUCT`` (a product name or alias) or ``SEGMENT`` (a
    segment name or alias). ``product_key`` is the key of the product the
    text names; for a segment text it is the segment's generic product
    (the key of the segment name, see ``SegmentTemplate.included_products``).
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
        key = product_key(product)
        entries.extend(
            LexiconEntry(text, "PRODUCT", chain, segment.key, key)
            for text in [product, *segment.aliases_of(product)]
        )
    return entries


def canonical_product_names(entries: Iterable[LexiconEntry]) -> dict[str, str]:
    """Product key -> the product's own name as the templates write it."""
    return {entry.product_key: entry.text for entry in entries
            if entry.label == "PRODUCT" and entry.is_canonical}


ProductIndex = dict[str, tuple[str, str]]  # normalised name or alias -> (product key, product name)


def product_index(entries: Iterable[LexiconEntry]) -> ProductIndex:
    """Every product name and alias of the lexicon -> the key and name of the product it names."""
    entries = [e for e in entries if e.label == "PRODUCT"]
    names = canonical_product_names(entries)
    return {product_key(e.text): (e.product_key, names.get(e.product_key, e.text)) for e in entries}


def resolve_product(name: str, index: ProductIndex) -> tuple[str, str]:
    """The (key, name) of a product: the template product it names, else its own."""
    key = product_key(name)
    return index.get(key, (key, name.strip()))
