"""``chainkg_projects``: project mentions (年产5万吨三元前驱体项目, 沈阳里达工厂) as the ``projects`` spans group.

A company name stops a project name, so 衢州鹏辉能源科技有限公司年产10GWh储能电池项目 gives the
project 年产10GWh储能电池项目. The span's kb_id is the normalised project name; the document id
is added to make the Project key when facts are built.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.contract.keys import normalise_name
from chainkg.extract.components.base import COMPANIES, NER, PROJECTS, REGIONS, char_span, doc_text
from chainkg.extract.rules.project_names import PROJECT_CUTS, PROJECT_HEADS, find_projects
from chainkg.extract.rules.relation_patterns import SUBSIDIARY_WORD

# The trained NER reads a plant as a company (比亚迪美国兰卡斯特工厂, 天津工厂): a span ending in
# a plant's head word is split into the company before it (if any) and the plant.
_SUBSIDIARY_WORD = re.compile(SUBSIDIARY_WORD)
_PLANT_END = re.compile(r"(?:工厂|电池厂|炼厂|电厂|基地|生产线|产线|项目|电站|产业园|厂区|厂房)$")


@Language.factory("chainkg_projects", default_config={"cuts": "v1", "heads": "v1"}, requires=["doc.spans"],
                  assigns=["doc.spans"])
def make_projects(nlp: Language, name: str, cuts: str, heads: str = "v1"):
    """Factory: config to constructor."""
    return ProjectNames(cuts, heads)


class ProjectNames:
    """Finds project names; company mentions bound them on the left. ``cuts`` names the words a
    name starts after (extract/rules/project_names.py: v1, or v2 with visits, tenders, amounts)."""

    def __init__(self, cuts: str = "v1", heads: str = "v1"):
        if cuts not in PROJECT_CUTS:
            raise ValueError(f"cuts must be one of {sorted(PROJECT_CUTS)}, not {cuts!r}")
        if heads not in PROJECT_HEADS:
            raise ValueError(f"heads must be one of {sorted(PROJECT_HEADS)}, not {heads!r}")
        self.cuts, self.heads = cuts, heads

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        blocked = {i for s in doc.spans.get(COMPANIES, []) for i in range(s.start_char, s.end_char)}
        ner = self._split_plants(doc, text)
        blocked |= {i for s in ner if s.label_ == "COMPANY" for i in range(s.start_char, s.end_char)}
        spans = [char_span(doc, p.start, p.end, "PROJECT", normalise_name(p.name))
                 for p in find_projects(text, blocked, self.cuts, self.heads)]
        doc.spans[PROJECTS] = [s for s in spans if s is not None]
        return doc

    @staticmethod
    def _split_plants(doc: Doc, text: str) -> list:
        """The NER spans with each company-that-is-a-plant cut to the company before the plant:
        at a 的, else at the first region inside it, else at the plant's head (通用汽车工厂); a
        span that opens with its region is a plant only (天津工厂) and leaves the group."""
        regions = [(s.start_char, s.end_char) for s in doc.spans.get(REGIONS, [])]
        kept = []
        for span in doc.spans.get(NER, []):
            parts = _SUBSIDIARY_WORD.split(span.text) if span.label_ == "COMPANY" else [span.text]
            if len(parts) == 2 and all(len(p) >= 2 for p in parts):
                # 海螺水泥全资子公司海螺国际控股: two companies, the owner and its subsidiary
                owner = char_span(doc, span.start_char, span.start_char + len(parts[0]), "COMPANY")
                child = char_span(doc, span.end_char - len(parts[1]), span.end_char, "COMPANY")
                kept += [s for s in (owner, child) if s is not None]
                continue
            if span.label_ != "COMPANY" or not _PLANT_END.search(span.text):
                kept.append(span)
                continue
            inner = span.text.find("的")
            cuts = [span.start_char + inner] if inner > 0 else []
            cuts += [a for a, b in regions if span.start_char <= a < span.end_char]
            # no 的 and no place inside (通用汽车工厂): the company ends where the plant's head
            # begins, when three characters or more are left (柏林工厂 may be a city's plant)
            head = _PLANT_END.search(span.text).start()
            cut = min(cuts, default=span.start_char + head if head >= 3 else span.start_char)
            if cut - span.start_char >= 2:
                company = char_span(doc, span.start_char, cut, "COMPANY")
                if company is not None and company.end_char <= cut:
                    kept.append(company)
        doc.spans[NER] = kept
        return kept
