"""``chainkg_projects``: project names (年产5万吨三元前驱体项目) as the ``projects`` spans group.

A company name stops a project name, so 衢州鹏辉能源科技有限公司年产10GWh储能电池项目 gives the
project 年产10GWh储能电池项目. The span's kb_id is the normalised project name; the document id
is added to make the Project key when facts are built.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.contract.keys import normalise_name
from chainkg.extract.components.base import COMPANIES, PROJECTS, char_span, doc_text
from chainkg.extract.rules.project_names import find_projects


@Language.factory("chainkg_projects", default_config={}, requires=["doc.spans"],
                  assigns=["doc.spans"])
def make_projects(nlp: Language, name: str):
    """Factory: config to constructor."""
    return ProjectNames()


class ProjectNames:
    """Finds project names; company mentions bound them on the left."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if "项目" not in text:
            doc.spans[PROJECTS] = []
            return doc
        blocked = {i for s in doc.spans.get(COMPANIES, []) for i in range(s.start_char, s.end_char)}
        spans = [char_span(doc, p.start, p.end, "PROJECT", normalise_name(p.name))
                 for p in find_projects(text, blocked)]
        doc.spans[PROJECTS] = [s for s in spans if s is not None]
        return doc
