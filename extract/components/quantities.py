"""``chainkg_quantities``: quantities, dates and stages, bound to the project they describe.

A project's scope runs from its name to the end of its paragraph or the next project name;
the first investment, capacity, area, jobs, output value and date in it are the project's.
A stage word (签约, 开工, 投产, 竣工) counts from the start of the project's sentence, since
Chinese often puts it first (签约年产20万吨特种纸项目), and so does an investment between the
sentence start (or the previous project) and the name (投资15亿元建设年产2万吨六氟磷酸锂项目)
when the scope after the name gives none. Writes the ``quantities`` spans group
and ``doc._.projects`` ({project kb_id: {name, capacity, investment_cny, ...}}).
"""

from __future__ import annotations

import re

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
        leading = _leading(text, quantities, projects)
        for index, project in enumerate(projects):
            scope_end = _scope_end(text, project, projects[index + 1:])
            previous_end = projects[index - 1].end_char if index else 0
            own = [q for q in quantities if leading.get(id(q), project.start_char) == project.start_char]
            fields = _bind(project, own, scope_end, previous_end)
            doc._.projects.setdefault(project.kb_id_, fields)
        return doc


_LEAD_IN = re.compile(r"(?:的|建设|新建|投建|用于|，建设|，新建)?")


def _leading(text: str, quantities: list[Quantity], projects: list) -> dict[int, int]:
    """Quantities that open a project's name (总投资6亿元的年产2万吨…项目, 投资5亿元建设…项目):
    id(quantity) -> start of that project. They belong to it, not to a project before."""
    starts = {p.start_char for p in projects}
    found = {}
    for quantity in quantities:
        lead = _LEAD_IN.match(text, quantity.end)
        if lead and lead.end() in starts:
            found[id(quantity)] = lead.end()
    return found


def _scope_end(text: str, project, later) -> int:
    line_end = text.find("\n", project.end_char)
    end = len(text) if line_end < 0 else line_end
    return min([end] + [p.start_char for p in later if p.start_char >= project.end_char])


def _bind(project, quantities: list[Quantity], scope_end: int, previous_end: int) -> dict:
    """The project's fields: from its scope, else (stage, investment) from before its name."""
    fields: dict = {"name": project.text, "capacity": project_capacity(project.text)}
    sentence = project.sent.start_char
    opening = {"stage": sentence, "investment": max(sentence, previous_end)}
    inside = [q for q in quantities if project.end_char <= q.start < scope_end]
    before = [q for q in quantities if q.kind in opening and opening[q.kind] <= q.start < project.start_char]
    for quantity in inside + before:
        field = _FIELDS.get(quantity.kind)
        if field and fields.get(field) is None:
            fields[field] = quantity.value
    return {k: v for k, v in fields.items() if v is not None}
