"""``chainkg_companies``: company names by legal suffix, short names, former names and groups.

Reads the region and lexicon spans (for name starts and registry companies), writes the
``companies`` spans group (label COMPANY, kb_id = company key) and ``doc._.companies``
({key: CompanyInfo}).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.extract.components.base import COMPANIES, LEXICON, REGIONS, char_span, doc_text
from chainkg.extract.rules.company_names import RegionSpan, find_companies


@Language.factory("chainkg_companies", default_config={"min_short_name": 2},
                  requires=["doc.spans"], assigns=["doc.spans", "doc._.companies"])
def make_companies(nlp: Language, name: str, *, min_short_name: int):
    """Factory: config to constructor."""
    return CompanyNames(min_short_name=min_short_name)


class CompanyNames:
    """Finds company mentions and gives each company one key within the document."""

    def __init__(self, *, min_short_name: int = 2):
        self.min_short_name = min_short_name

    def __call__(self, doc: Doc) -> Doc:
        regions = [RegionSpan(s.start_char, s.end_char, s.id_) for s in doc.spans.get(REGIONS, [])]
        registry = [(s.start_char, s.end_char, s.id_) for s in doc.spans.get(LEXICON, [])
                    if s.label_ == "COMPANY"]
        mentions, infos = find_companies(doc_text(doc), regions, registry)
        spans = [char_span(doc, m.start, m.end, "COMPANY", m.key) for m in mentions
                 if m.kind == "full" or m.end - m.start >= self.min_short_name]
        doc.spans[COMPANIES] = [s for s in spans if s is not None]
        doc._.companies = infos
        return doc
