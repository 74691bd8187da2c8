"""``chainkg_entities``: one non-overlapping set of entities in ``doc.ents``, each with its key.

Rule companies are placed first, then NER companies (which may hold a place or product name:
丰田中国, 三星电子), then lexicon spans (products, segments, regions) and the products found by
their head noun (高性能有机硅聚合物 over 有机硅), longest first, and the
other NER spans fill the gaps. A NER company that opens with a place (天津工厂) is not placed
over that place. The key of each entity is in ``kb_id_``: company
key, product key, ``chain/segment``, canonical region name. A NER company that the text
also names by a known alias takes that company's key.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from chainkg.contract.keys import company_key, normalise_name, product_key
from chainkg.extract.components.base import COMPANIES, ENTITIES, LEXICON, NER, PRODUCTS, REGIONS
from chainkg.extract.rules.company_names import CompanyInfo

_RULE_LABELS = {"PRODUCT", "SEGMENT", "REGION", "COMPANY"}


@Language.factory("chainkg_entities", default_config={"use_ner": True},
                  requires=["doc.spans"], assigns=["doc.ents", "doc.spans", "doc._.companies"])
def make_entities(nlp: Language, name: str, *, use_ner: bool):
    """Factory: config to constructor."""
    return Entities(use_ner=use_ner)


class Entities:
    """Merges the spans groups into doc.ents: rules first, then NER into the gaps."""

    def __init__(self, *, use_ner: bool = True):
        self.use_ner = use_ner

    def __call__(self, doc: Doc) -> Doc:
        companies = [_keyed(s, s.kb_id_ or s.id_) for s in doc.spans.get(COMPANIES, [])]
        others = [_keyed(s, s.kb_id_ or s.id_) for s in [
            *doc.spans.get(REGIONS, []),
            *(s for s in doc.spans.get(LEXICON, []) if s.label_ in ("PRODUCT", "SEGMENT")),
            *doc.spans.get(PRODUCTS, [])]]
        chosen = _place(companies, set())
        ner = list(doc.spans.get(NER, [])) if self.use_ner else []
        if ner:
            # a NER company holding a place or product name (丰田中国, 三星电子) is the company;
            # one opening with a place (天津工厂) is not taken over the place
            starts = {s.start for s in others if s.label_ == "REGION"}
            taken = {i for s in chosen for i in range(s.start, s.end)}
            named = [self._ner_entity(doc, s) for s in ner if s.label_ == "COMPANY" and s.start not in starts]
            chosen += _place(named, taken)
            ner = [s for s in ner if not (s.label_ == "COMPANY" and s.start not in starts)]
        taken = {i for s in chosen for i in range(s.start, s.end)}
        chosen += _place(others, taken)
        if ner:
            taken = {i for s in chosen for i in range(s.start, s.end)}
            chosen += _place([self._ner_entity(doc, s) for s in ner], taken)
        chosen.sort(key=lambda s: s.start)
        doc.ents = chosen
        # Reading doc.ents back walks every token; later steps read this group instead.
        doc.spans[ENTITIES] = chosen
        return doc

    def _ner_entity(self, doc: Doc, span: Span) -> Span:
        label = "COMPANY" if span.label_ == "COMPANY" else span.label_
        if label == "PRODUCT":
            return _keyed(span, product_key(span.text))
        if label != "COMPANY":
            return _keyed(span, normalise_name(span.text))
        companies = doc._.companies if doc._.companies is not None else {}
        key = next((k for k, info in companies.items()
                    if span.text == info.name or span.text in info.aliases),
                   company_key(span.text))
        companies.setdefault(key, CompanyInfo(span.text))
        doc._.companies = companies
        return _keyed(span, key)


def _keyed(span: Span, key: str) -> Span:
    return Span(span.doc, span.start, span.end, label=span.label_, kb_id=key)


def _place(spans: list[Span], taken: set[int]) -> list[Span]:
    """Greedy longest-first placement of spans that do not overlap ``taken`` or each other."""
    placed = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            placed.append(span)
            taken.update(range(span.start, span.end))
    return placed
