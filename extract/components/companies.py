"""``chainkg_companies``: company names by legal suffix, short names, former names and groups.

Reads the region and lexicon spans (for name starts and registry companies), writes the
``companies`` spans group (label COMPANY, kb_id = company key) and ``doc._.companies``
({key: CompanyInfo}).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.contract.gazetteer import DEFAULT_GAZETTEER, HOME_COUNTRY, load_gazetteer
from chainkg.contract.vocabulary import foreign_companies
from chainkg.extract.components.base import COMPANIES, LEXICON, REGIONS, char_span, doc_text
from chainkg.extract.components.regions import dictionary_words
from chainkg.extract.rules.company_names import CUES, NAME_CUTS, RegionSpan, find_companies
from chainkg.extract.rules.foreign_names import ForeignNames


@Language.factory("chainkg_companies",
                  default_config={"min_short_name": 2, "gazetteer": None, "name_cuts": "v2",
                                  "enumerations": False, "cues": "v1", "shapes": False,
                                  "described_lists": False, "foreign_names": False},
                  requires=["doc.spans"], assigns=["doc.spans", "doc._.companies"])
def make_companies(nlp: Language, name: str, *, min_short_name: int, gazetteer: str | None,
                   name_cuts: str, enumerations: bool, cues: str, shapes: bool, described_lists: bool,
                   foreign_names: bool):
    """Factory: config to constructor."""
    return CompanyNames(min_short_name=min_short_name, gazetteer=gazetteer, name_cuts=name_cuts,
                        enumerations=enumerations, cues=cues, shapes=shapes, described_lists=described_lists,
                        foreign_names=foreign_names)


class CompanyNames:
    """Finds company mentions and gives each company one key within the document. A foreign
    country before a name is not part of it (德国博世集团: 德国, then 博世集团), nor are the
    news words of the ``name_cuts`` version (a key of ``NAME_CUTS``: 据雅迪科技集团 is 雅迪科技集团
    under v2). With ``enumerations``, the other members of a list naming a found company
    (甲集团、乙科技和丙能源等) are companies too. ``cues`` is the version of the financial-news
    cues (``CUES``: 甲科技(300554), 【甲科技：…】, 记者从甲集团获悉 …). With ``foreign_names``,
    the foreign companies of the shipped list (特斯拉, 西门子, 巴斯夫) are companies wherever the
    text writes one of their names as a word (extract/rules/foreign_names.py)."""

    def __init__(self, *, min_short_name: int = 2, gazetteer: str | None = None, name_cuts: str = "v2",
                 enumerations: bool = False, cues: str = "v1", shapes: bool = False,
                 described_lists: bool = False, foreign_names: bool = False):
        if name_cuts not in NAME_CUTS:
            raise ValueError(f"name_cuts must be one of {sorted(NAME_CUTS)}, not {name_cuts!r}")
        self.min_short_name = min_short_name
        self.cuts = NAME_CUTS[name_cuts]
        if cues not in CUES:
            raise ValueError(f"cues must be one of {sorted(CUES)}, not {cues!r}")
        self.enumerations = enumerations
        self.cues = cues
        self.shapes = shapes
        self.described_lists = described_lists
        self.foreign = ForeignNames(foreign_companies()) if foreign_names else None
        regions = load_gazetteer(gazetteer or DEFAULT_GAZETTEER).regions.values()
        self.countries = frozenset(r.name for r in regions if r.level == "country" and r.parent is None
                                   and r.name != HOME_COUNTRY)

    def __call__(self, doc: Doc) -> Doc:
        regions = [RegionSpan(s.start_char, s.end_char, s.id_) for s in doc.spans.get(REGIONS, [])]
        registry = [(s.start_char, s.end_char, s.id_) for s in doc.spans.get(LEXICON, [])
                    if s.label_ == "COMPANY"]
        others = [(s.start_char, s.end_char) for s in doc.spans.get(LEXICON, []) if s.label_ != "COMPANY"]
        text = doc_text(doc)
        foreign = [] if self.foreign is None else \
            self.foreign.find(text, [*others, *((r.start, r.end) for r in regions)], dictionary_words())
        mentions, infos = find_companies(text, regions, registry, self.countries, self.cuts,
                                         self.enumerations, self.cues, self.shapes, self.described_lists,
                                         others, foreign)
        spans = [char_span(doc, m.start, m.end, "COMPANY", m.key) for m in mentions
                 if m.kind == "full" or m.end - m.start >= self.min_short_name]
        doc.spans[COMPANIES] = [s for s in spans if s is not None]
        doc._.companies = infos
        return doc
