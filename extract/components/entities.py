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

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from chainkg.contract.keys import company_key, normalise_name, product_key
from chainkg.extract.components.base import COMPANIES, ENTITIES, LEXICON, NER, PRODUCTS, REGIONS
from chainkg.extract.rules.company_names import CompanyInfo

_RULE_LABELS = {"PRODUCT", "SEGMENT", "REGION", "COMPANY"}


# What follows a place at the start of a NER company when the span names a plant, a branch, an
# office or an industry of that place rather than a company (天津工厂, 吉林分公司, 浙江企业).
_PLACE_PART = re.compile(r"(?:工厂|厂|车间|基地|园区|产业|工业|经济|市场|项目|分公司|子公司|公司|企业|集团|"
                         r"分行|支行|办事处|代表处|政府|地区|省|市|区|县|镇|乡)")


@Language.factory("chainkg_entities", default_config={"use_ner": True, "place_named": False},
                  requires=["doc.spans"], assigns=["doc.ents", "doc.spans", "doc._.companies"])
def make_entities(nlp: Language, name: str, *, use_ner: bool, place_named: bool):
    """Factory: config to constructor."""
    return Entities(use_ner=use_ner, place_named=place_named)


class Entities:
    """Merges the spans groups into doc.ents: rules first, then NER into the gaps.

    ``place_named``: a NER company that opens with a place is the company when what follows the
    place is a name of two characters or more, not a plant, branch or industry of the place and
    not a place or a product the lexicon knows (四川长虹, 中国平安, 广东移动; not 天津工厂, 吉林分公司,
    江苏南通, 浙江锂电池).
    """

    def __init__(self, *, use_ner: bool = True, place_named: bool = False):
        self.use_ner = use_ner
        self.place_named = place_named

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
            if self.place_named:
                starts -= {s.start for s in ner if s.label_ == "COMPANY" and _named_after_place(s, others)}
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


def _named_after_place(company: Span, others: list[Span]) -> bool:
    """Whether the NER company ``company``, which opens with a place, goes on with a name of its
    own (长虹 in 四川长虹) rather than a part of the place, a place inside it (江苏南通) or a product
    the lexicon knows."""
    place = max((s for s in others if s.label_ == "REGION" and s.start == company.start),
                key=lambda s: s.end, default=None)
    if place is None or place.end >= company.end:
        return False
    rest = company.doc[place.end:company.end].text
    if len(rest) < 2 or _PLACE_PART.match(rest):
        return False
    return not any(s.start == place.end and s.label_ in ("PRODUCT", "SEGMENT", "REGION") for s in others)


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
