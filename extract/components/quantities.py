"""``chainkg_quantities``: quantities, dates and stages, bound to the project they describe.

A project's scope runs from its name to the end of its paragraph or the next project name;
the first investment, capacity, area, jobs, output value and date in it are the project's.
A stage word (签约, 开工, 投产, 竣工) counts from the start of the project's sentence, since
Chinese often puts it first (签约年产20万吨特种纸项目). Writes the ``quantities`` spans group
and ``doc._.projects`` ({project kb_id: {name, capacity, investment_cny, ...}}).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.extract.components.base import PROJECTS, QUANTITIES, char_span, doc_text
from chainkg.extract.rules.amounts import Quantity, find_quantities
from chainkg.extract.rules.project_names import project_capacity

_FIELDS = {"investment": "investment_cny", "output_value": "output_value_cny", "area": "area_mu",
           "jobs": "jobs", "capacity": "capacity", "date": "date", "stage": "stage"}


@Language.factory("chainkg_quantities", default_config={"keep_spans": True},
                  requires=["doc.spans", "token.is_sent_start"],
                  assigns=["doc.spans", "doc._.projects"])
def make_quantities(nlp: Language, name: str, *, keep_spans: bool):
    """Factory: config to constructor."""
    return Quantities(keep_spans=keep_spans)


class Quantities:
    """Finds quantities and fills each project's fields from its scope."""

    def __init__(self, *, keep_spans: bool = True):
        self.keep_spans = keep_spans

    def __call__(self, doc: Doc) -> Doc:
        projects = list(doc.spans.get(PROJECTS, []))
        text = doc_text(doc)
        quantities = find_quantities(text) if projects or self.keep_spans else []
        if self.keep_spans:
            spans = [char_span(doc, q.start, q.end, q.kind.upper()) for q in quantities]
            doc.spans[QUANTITIES] = [s for s in spans if s is not None]
        doc._.projects = {}
        for index, project in enumerate(projects):
            scope_end = _scope_end(text, project, projects[index + 1:])
            fields = _bind(project, quantities, scope_end)
            doc._.projects.setdefault(project.kb_id_, fields)
        return doc


def _scope_end(text: str, project, later) -> int:
    line_end = text.find("\n", project.end_char)
    end = len(text) if line_end < 0 else line_end
    return min([end] + [p.start_char for p in later if p.start_char >= project.end_char])


def _bind(project, quantities: list[Quantity], scope_end: int) -> dict:
    fields: dict = {"name": project.text, "capacity": project_capacity(project.text)}
    sentence_start = project.sent.start_char
    for quantity in quantities:
        inside = project.end_char <= quantity.start < scope_end
        before = quantity.kind == "stage" and sentence_start <= quantity.start < project.start_char
        field = _FIELDS.get(quantity.kind)
        if field and (inside or before) and fields.get(field) is None:
            fields[field] = quantity.value
    return {k: v for k, v in fields.items() if v is not None}
