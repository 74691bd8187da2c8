"""``chainkg_ner``: the trained NER (extract.ner.NerModel) as an optional component.

When the model folder holds no trained pipeline the component does nothing, so the rule
pipeline runs on a fresh checkout. Its spans go to the ``ner`` spans group; the entities
component adds them only where no lexicon or rule span lies.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import NER, char_span, doc_text
from extract.lexicon import resolve_path


@Language.factory("chainkg_ner", default_config={"model_path": "models/ner", "enabled": True,
                                                 "labels": ["COMPANY", "ORG", "PRODUCT"]},
                  assigns=["doc.spans"])
def make_ner(nlp: Language, name: str, *, model_path: str, enabled: bool, labels: list[str]):
    """Factory: config to constructor."""
    return TrainedNer(model_path=model_path, enabled=enabled, labels=labels)


class TrainedNer:
    """Runs NerModel.predict over batches of documents and records its character spans."""

    def __init__(self, *, model_path: str = "models/ner", enabled: bool = True,
                 labels: Iterable[str] = ("COMPANY", "ORG", "PRODUCT")):
        self.labels = set(labels)
        self.model = self._load(resolve_path(model_path)) if enabled else None

    @staticmethod
    def _load(path: Path):
        if not (path / "config.cfg").is_file():
            return None
        from extract.ner import NerModel
        return NerModel.load(path)

    @property
    def active(self) -> bool:
        """True when a trained model was found and loaded."""
        return self.model is not None

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            predictions = self.model.predict([doc_text(d) for d in batch]) if self.model else \
                ([] for _ in batch)
            for doc, spans in zip(batch, predictions):
                found = [char_span(doc, s, e, label) for s, e, label, _ in spans if label in self.labels]
                doc.spans[NER] = [s for s in found if s is not None]
                yield doc
