"""``chainkg_project_frames``: what a passage says of one project, gathered onto that project.

News tells a project over several sentences and names its parts by phase: 远帆集团在青州投资建设
钠电池项目……项目二期将于明年开工. The sentence rules read one sentence at a time, so this
component, run after them, completes ``doc._.relations`` per project:

- a company written right before a project's quoted name (青岚化学有限公司“年产…项目”) runs it,
  and so do the companies a sentence continuing it names as owners (该项目由甲公司与乙集团
  共同投资建设; not 承建, a contractor);
- a phase (一期项目, 二期工程, 首期项目) of the project named before it in the passage takes
  that project's operators (RUNS) and places (LOCATED_IN), where the text gives it none of
  its own (an announcement's default operator or the document's place gives way);
- a project's frame is its sentence from its name on, and the sentences that continue it
  (该项目…, 项目建成后…); the products said in the frame after a production word (主要生产,
  用于, 产品为 …) are what it makes, and replace the product read off its name.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from chainkg.extract.components.base import ENTITIES, PROJECTS, RelationRecord, doc_text
from chainkg.extract.rules.product_heads import MAKE_CUE
from chainkg.extract.rules.relation_patterns import Mention

_PHASE = re.compile(r"^(?:项目)?(?:[一二三四五六七八九十首]期|第[一二三四五六七八九十]期)(?:[\d.]+万?吨)?(?:项目|工程)?$")
# Rule names whose relation is a default, not something the text says of this project.
_DEFAULTS = {"announcing_company", "sole_company", "document_place"}
_NAME_PRODUCT_RULES = {"makes_project_name", "project_name_link"}
# A sentence that goes on about the project before it: 该项目…, 项目建成后…, 建成后…, 其…
_CONTINUES = re.compile(r"\s*(?:该项目|本项目|此项目|项目|建成后|投产后|达产后|届时|其)")


@Language.factory("chainkg_project_frames",
                  default_config={"operators": True, "phases": True, "clause_products": True},
                  requires=["doc.spans", "doc._.relations"], assigns=["doc._.relations"])
def make_project_frames(nlp: Language, name: str, *, operators: bool, phases: bool, clause_products: bool):
    """Factory: config to constructor."""
    return ProjectFrames(operators=operators, phases=phases, clause_products=clause_products)


class ProjectFrames:
    """Completes each project's relations: its quoted operator, its phases' parent, its
    frame's products."""

    def __init__(self, *, operators: bool = True, phases: bool = True, clause_products: bool = True):
        self.operators = operators
        self.phases = phases
        self.clause_products = clause_products

    def __call__(self, doc: Doc) -> Doc:
        records = list(doc._.relations or [])
        projects = sorted(doc.spans.get(PROJECTS, []), key=lambda s: s.start_char)
        if self.operators:
            records = _quoted_operators(doc, projects, records)
            records = _continued_operators(doc, projects, records)
        if self.phases:
            records = _phase_relations(doc, projects, records)
        if self.clause_products:
            records = _frame_products(doc, projects, records)
        doc._.relations = records
        return doc


def _mention(span: Span, label: str = "Project") -> Mention:
    return Mention(label, span.kb_id_, span.text, span.start_char, span.end_char)


def _next_project(doc: Doc, span: Span, projects: list[Span]) -> int:
    """Where the next other project is named after ``span`` (the text's end if none is)."""
    later = [p.start_char for p in projects if p.start_char >= span.end_char and p.kb_id_ != span.kb_id_]
    return min(later, default=len(doc_text(doc)))


def _sentence(doc: Doc, span: Span) -> tuple[int, int]:
    sent = doc.char_span(span.start_char, span.end_char, alignment_mode="expand").sent
    return sent.start_char, sent.end_char


# ------------------------------------------------------------------ operators

_QUOTES = re.compile(r"[“”\"'‘’《》「」『』〈〉\s]+")


def _quoted_operators(doc: Doc, projects: list[Span], records: list[RelationRecord]) -> list[RelationRecord]:
    """A company written right before a project's quoted name (青岚化学有限公司“年产…项目”)
    runs it, where nothing else says who does: the adjacency rule, with the quotes read through."""
    text = doc_text(doc)
    companies = [s for s in doc.spans.get(ENTITIES, []) if s.label_ == "COMPANY"]
    run = {r.target.key for r in records if r.type == "RUNS" and r.extractor not in _DEFAULTS}
    for span in projects:
        before = [c for c in companies if c.end_char <= span.start_char]
        if span.kb_id_ in run or not before:
            continue
        company = before[-1]
        if not _QUOTES.fullmatch(text, company.end_char, span.start_char):
            continue
        source = _mention(company, "Company")
        records = [r for r in records if not (r.type == "RUNS" and r.target.key == span.kb_id_)]
        records.append(RelationRecord("RUNS", source, _mention(span), "runs_quoted", 0.85, _sentence(doc, span)))
        run.add(span.kb_id_)
    return records


# 该项目由甲公司与乙集团共同投资建设: the companies after 由, joined by 与/和/、, then a verb
# of owning (not 承建 or 施工: a contractor runs nothing).
_BY = re.compile(r"由")
_JOINED = re.compile(r"[与和、及]")
_OWNS_VERB = re.compile(r"(?:共同|联合|合资|独资|全资)?(?:投资|出资|投建|建设|运营|开发|实施)")


def _continued_operators(doc: Doc, projects: list[Span], records: list[RelationRecord]) -> list[RelationRecord]:
    """A sentence that continues a project and says 由 X (与 Y) 投资建设 names its operators."""
    text = doc_text(doc)
    companies = sorted((s for s in doc.spans.get(ENTITIES, []) if s.label_ == "COMPANY"), key=lambda s: s.start_char)
    run = {r.target.key for r in records if r.type == "RUNS" and r.extractor not in _DEFAULTS}
    for span in projects:
        if span.kb_id_ in run:
            continue
        for start, end in _continuations(doc, span, _next_project(doc, span, projects)):
            for operator in _operators_by(text, start, end, companies):
                records.append(RelationRecord("RUNS", _mention(operator, "Company"), _mention(span),
                                              "runs_continued", 0.8, (start, end)))
                run.add(span.kb_id_)
    return records


def _operators_by(text: str, start: int, end: int, companies: list[Span]) -> list[Span]:
    """The companies of ``由 X (与 Y) 投资建设`` in [start, end)."""
    for by in _BY.finditer(text, start, end):
        chain, position = [], by.end()
        for company in (c for c in companies if by.end() <= c.start_char < end):
            if company.start_char != position:
                break
            chain.append(company)
            joined = _JOINED.match(text, company.end_char)
            position = joined.end() if joined else company.end_char
        if chain and _OWNS_VERB.match(text, chain[-1].end_char):
            return chain
    return []


# ------------------------------------------------------------------ phases


def _phase_relations(doc: Doc, projects: list[Span], records: list[RelationRecord]) -> list[RelationRecord]:
    """``records`` with each phase given its parent project's operators and places."""
    parent = None
    for span in projects:
        if not _PHASE.match(span.text):
            parent = span
            continue
        if parent is None or parent.kb_id_ == span.kb_id_:
            continue
        for kind, parent_end, phase_end in (("RUNS", "target", "target"), ("LOCATED_IN", "source", "source")):
            records = _inherit(doc, records, kind, parent, span, parent_end, phase_end)
    return records


def _inherit(doc: Doc, records: list[RelationRecord], kind: str, parent: Span, phase: Span,
             parent_end: str, phase_end: str) -> list[RelationRecord]:
    """The phase takes the parent's ``kind`` relations unless the text gives it its own."""
    own = [r for r in records if r.type == kind and getattr(r, phase_end).key == phase.kb_id_]
    given = [r for r in records if r.type == kind and getattr(r, parent_end).key == parent.kb_id_
             and r.extractor not in _DEFAULTS]
    if not given or any(r.extractor not in _DEFAULTS for r in own):
        return records
    kept = [r for r in records if r not in own]
    sentence = _sentence(doc, phase)
    for record in given:
        source, target = (record.source, _mention(phase)) if kind == "RUNS" else (_mention(phase), record.target)
        kept.append(RelationRecord(kind, source, target, "phase_of_project",
                                   min(record.confidence, 0.8), sentence))
    return kept


# ------------------------------------------------------------------ frames


def _frame_products(doc: Doc, projects: list[Span], records: list[RelationRecord]) -> list[RelationRecord]:
    """``records`` with each project making the products its frame names after a production
    word; those replace the products read off its name."""
    text = doc_text(doc)
    products = [s for s in doc.spans.get(ENTITIES, []) if s.label_ == "PRODUCT"]
    for span in projects:
        start, end = _frame(doc, span, projects)
        said = [p for p in products if start <= p.start_char and p.end_char <= end
                and not (span.start_char <= p.start_char < span.end_char)
                and _after_cue(text, p, start)]
        if not said:
            continue
        project = _mention(span)
        records = [r for r in records if not (r.type == "MAKES" and r.source.key == span.kb_id_
                                              and r.extractor in _NAME_PRODUCT_RULES)]
        made = {r.target.key for r in records if r.type == "MAKES" and r.source.key == span.kb_id_}
        for product in said:
            if product.kb_id_ not in made:
                made.add(product.kb_id_)
                records.append(RelationRecord("MAKES", project, _mention(product, "Product"), "project_frame", 0.8, _sentence(doc, span)))
    return records


def _frame(doc: Doc, span: Span, projects: list[Span]) -> tuple[int, int]:
    """From the project's name to the end of its sentence, and on over the sentences that
    continue it, up to the next project named."""
    limit = _next_project(doc, span, projects)
    continued = _continuations(doc, span, limit)
    end = continued[-1][1] if continued else _sentence(doc, span)[1]
    return span.end_char, min(end, limit)


def _continuations(doc: Doc, span: Span, limit: int) -> list[tuple[int, int]]:
    """The sentences right after the project's that go on about it (该项目…, 项目建成后…)."""
    text = doc_text(doc)
    end, found = _sentence(doc, span)[1], []
    for sent in doc.sents:
        if sent.start_char < end:
            continue
        if sent.start_char != end or not _CONTINUES.match(text, sent.start_char) or sent.start_char >= limit:
            break
        found.append((sent.start_char, sent.end_char))
        end = sent.end_char
    return found


def _after_cue(text: str, product: Span, floor: int) -> bool:
    """True when a production word comes right before the product (a list may come between:
    主要生产A、B和C)."""
    window = text[max(floor, product.start_char - 20):product.start_char]
    clause = re.split(r"[，,。；;：:！？\n]", window)[-1]
    return MAKE_CUE.search(clause) is not None
