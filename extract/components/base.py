"""What the chainkg components share: Doc extensions and span helpers.

Extensions hold plain JSON-like values (dicts, lists, str, numbers) so that a Doc made in a
worker process of ``nlp.pipe(n_process=N)`` comes back with them intact.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Spans groups the components write, read by later ones.
LEXICON, REGIONS, COMPANIES, NER, PROJECTS, QUANTITIES, ENTITIES = (
    "lexicon", "regions", "companies", "ner", "projects", "quantities", "entities")

TEXT_KEY = "chainkg_text"

for _name in ("companies", "projects", "relations"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def char_span(doc: Doc, start: int, end: int, label: str, key: str = "") -> Span | None:
    """The Span of characters [start, end) (widened to whole tokens), labelled, key in kb_id."""
    span = doc.char_span(start, end, label=label, kb_id=key, alignment_mode="expand")
    return span if span is not None and len(span) else None


def doc_text(doc: Doc) -> str:
    """The text of ``doc``: kept by the chainkg tokenizer, else rebuilt from the tokens."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text
