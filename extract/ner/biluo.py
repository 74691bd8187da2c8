"""Turn per-token BILUO tags (from a ``tagger``) into ``doc.ents``.

A softmax tagger over the tok2vec output is far cheaper per token than the
transition-based ``ner`` on one-token-per-character docs; this component
decodes its tags leniently (an I/L without a B still opens an entity) so a
single wrong tag costs one boundary, not the whole entity.
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry


def decode_biluo(tags: list[str]) -> list[tuple[int, int, str]]:
    """Return ``(start_token, end_token_exclusive, label)`` spans from BILUO tags.

    >>> decode_biluo(["B-COMPANY", "L-COMPANY", "O", "U-ORG"])
    [(0, 2, 'COMPANY'), (3, 4, 'ORG')]
    """
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate(tags):
        prefix, _, tag_label = tag.partition("-")
        if prefix not in ("B", "I", "L", "U") or not tag_label:
            start, label = _close(spans, start, label, i)
            continue
        if prefix in ("B", "U") or tag_label != label:
            start, label = _close(spans, start, label, i)
            start, label = i, tag_label
        if prefix in ("L", "U"):
            start, label = _close(spans, start, label, i + 1)
    _close(spans, start, label, len(tags))
    return spans


def _close(spans: list, start: Optional[int], label: Optional[str], end: int) -> tuple[None, None]:
    if start is not None and label is not None and end > start:
        spans.append((start, end, label))
    return None, None


class BiluoEntities:
    """Pipeline component: set ``doc.ents`` from ``token.tag_`` BILUO tags."""

    def __init__(self, name: str, *, drop_tensor: bool = True, scorer: Optional[Callable] = None):
        self.name = name
        self.drop_tensor = drop_tensor
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        tags = [strings[tag] if tag else "O" for tag in doc.to_array("TAG").tolist()]
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in decode_biluo(tags)]
        if self.drop_tensor:
            # The tok2vec output (width floats a char) is not needed past this point;
            # dropping it saves memory and the copy back from n_process workers.
            doc.tensor = numpy.zeros((0,), dtype="float32")
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def score(self, examples: Iterable[Example], **kwargs) -> dict:
        """Entity P/R/F (overall and per type), so training selects on ``ents_f``."""
        return self.scorer(examples, **kwargs) if self.scorer else {}


@Language.factory(
    "chainkg_biluo_ents",
    requires=["token.tag"],
    assigns=["doc.ents"],
    default_config={"drop_tensor": True, "scorer": {"@scorers": "spacy.ner_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_biluo_ents(nlp: Language, name: str, *, drop_tensor: bool, scorer: Optional[Callable]) -> BiluoEntities:
    """Factory: only turns config into the constructor call."""
    return BiluoEntities(name, drop_tensor=drop_tensor, scorer=scorer)


__all__ = ["BiluoEntities", "decode_biluo", "make_biluo_ents", "registry"]
