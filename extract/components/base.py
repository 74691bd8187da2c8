"""What the chainkg components share: Doc extensions, the relation record and span helpers.

Extensions hold typed values (``CompanyInfo``, ``RelationRecord``); Docs never cross a
process boundary (parallel extraction sends facts back, not Docs).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from chainkg.extract.rules.relation_patterns import Mention

# Spans groups the components write, read by later ones.
LEXICON, REGIONS, COMPANIES, NER, PROJECTS, PRODUCTS, QUANTITIES, ENTITIES = (
    "lexicon", "regions", "companies", "ner", "projects", "products", "quantities", "entities")

TEXT_KEY = "chainkg_text"

for _name in ("companies", "projects", "relations"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(frozen=True)
class RelationRecord:
    """A relation found in a Doc: its two ends (with their character spans in the Doc's text),
    the extractor and its confidence, and the span of the sentence it was read from."""

    type: str
    source: Mention
    target: Mention
    extractor: str
    confidence: float
    sentence: tuple[int, int]


def char_span(doc: Doc, start: int, end: int, label: str, key: str = "") -> Span | None:
    """The Span of characters [start, end) (widened to whole tokens), labelled, key in kb_id."""
    span = doc.char_span(start, end, label=label, kb_id=key, alignment_mode="expand")
    return span if span is not None and len(span) else None


def doc_text(doc: Doc) -> str:
    """The text of ``doc``: kept by the chainkg tokenizer, else rebuilt from the tokens."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text
