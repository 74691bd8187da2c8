"""``chainkg_products``: products by their head noun, in project names and production clauses.

The lexicons name products one word at a time (电池, 负极材料); a plant's news names the kind
whole (动力储能电池负极材料). This component reads each project's name and each clause after a
production word (生产, 主营, 主要产品为 …) for a noun phrase ending in a product head
(``PRODUCT_HEADS``, extract/rules/product_heads.py) and writes it to the ``products`` spans
group, label PRODUCT, kb_id the product key. The entity step places these spans with the
lexicon's, longest first, so the whole phrase wins over a word inside it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.contract.keys import product_key
from chainkg.extract.components.base import COMPANIES, NER, PRODUCTS, PROJECTS, REGIONS, char_span, doc_text
from chainkg.extract.rules.product_heads import PRODUCT_HEADS, clause_products, name_products


@Language.factory("chainkg_products", default_config={"heads": "v1", "in_clauses": True},
                  requires=["doc.spans"], assigns=["doc.spans"])
def make_products(nlp: Language, name: str, *, heads: str, in_clauses: bool):
    """Factory: config to constructor."""
    return HeadProducts(heads=heads, in_clauses=in_clauses)


class HeadProducts:
    """Finds products by head noun inside project names and, if ``in_clauses``, after
    production words; a span over a company (rule or NER: 通用汽车) or a region is not taken."""

    def __init__(self, *, heads: str = "v1", in_clauses: bool = True):
        if heads not in PRODUCT_HEADS:
            raise ValueError(f"heads must be one of {sorted(PRODUCT_HEADS)}, not {heads!r}")
        self.heads = PRODUCT_HEADS[heads]
        self.in_clauses = in_clauses

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = [p for s in doc.spans.get(PROJECTS, [])
                 for p in name_products(text, s.start_char, s.end_char, self.heads)]
        if self.in_clauses:
            found += clause_products(text, self.heads)
        companies = [*doc.spans.get(COMPANIES, []), *(s for s in doc.spans.get(NER, []) if s.label_ == "COMPANY")]
        blocked = {i for s in [*companies, *doc.spans.get(REGIONS, [])] for i in range(s.start_char, s.end_char)}
        spans = [char_span(doc, start, end, "PRODUCT", product_key(text[start:end]))
                 for start, end in dict.fromkeys(found) if not blocked.intersection(range(start, end))]
        doc.spans[PRODUCTS] = [s for s in spans if s is not None]
        return doc
