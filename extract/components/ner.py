"""``chainkg_ner``: the trained NER (chainkg.extract.ner.NerModel) as an optional component.

The model is the one that ships with chainkg (``chainkg.models``, folder ner) unless the
config names another folder. When the folder holds no trained pipeline the component does nothing, so the rule
pipeline runs on a fresh checkout. Its spans go to the ``ner`` spans group; the entities
component adds them only where no lexicon or rule span lies.

The model runs only on sentences matching ``sentence_cue`` (a company or organisation word,
or a production, investment or cooperation word): the relation rules need one of those in
a sentence, and the NER is the slowest step, so sentences about anything else skip it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.extract.components.base import NER, char_span, doc_text
from chainkg.extract.ner import NerModel
from chainkg.extract.ner.model import DEFAULT_MODEL_DIR

SENTENCE_CUE = (r"公司|集团|企业|股份|有限|科技|实业|控股|工厂|厂|银行|协会|研究院|大学|"
                r"生产|年产|产能|主营|产品|投资|项目|签约|合作|合资|供应|供货|子公司|旗下|收购")


@Language.factory("chainkg_ner", default_config={"model_path": None, "enabled": True,
                                                 "labels": ["COMPANY", "ORG", "PRODUCT"],
                                                 "sentence_cue": SENTENCE_CUE},
                  requires=["token.is_sent_start"], assigns=["doc.spans"])
def make_ner(nlp: Language, name: str, *, model_path: str | None, enabled: bool, labels: list[str],
             sentence_cue: str):
    """Factory: config to constructor."""
    return TrainedNer(model_path=model_path, enabled=enabled, labels=labels,
                      sentence_cue=sentence_cue)


class TrainedNer:
    """Runs NerModel.predict over batches of documents and records its character spans."""

    def __init__(self, *, model_path: str | None = None, enabled: bool = True,
                 labels: Iterable[str] = ("COMPANY", "ORG", "PRODUCT"),
                 sentence_cue: str = SENTENCE_CUE):
        self.labels = set(labels)
        self.cue = re.compile(sentence_cue) if sentence_cue else None
        self.model = self._load(Path(model_path or DEFAULT_MODEL_DIR)) if enabled else None

    @staticmethod
    def _load(path: Path):
        if not (path / "config.cfg").is_file():
            return None
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
            if self.model is None:
                for doc in batch:
                    doc.spans[NER] = []
                    yield doc
                continue
            pieces = [self._cued_sentences(doc) for doc in batch]
            texts = [text for doc_pieces in pieces for _, text in doc_pieces]
            predictions = iter(self.model.predict(texts))
            for doc, doc_pieces in zip(batch, pieces):
                found = [char_span(doc, offset + s, offset + e, label)
                         for offset, _ in doc_pieces for s, e, label, _ in next(predictions)
                         if label in self.labels]
                doc.spans[NER] = [span for span in found if span is not None]
                yield doc

    def _cued_sentences(self, doc: Doc) -> list[tuple[int, str]]:
        """(character offset, text) of the sentences worth the model's time."""
        text = doc_text(doc)
        pieces = []
        for sent in doc.sents:
            piece = text[sent.start_char:sent.end_char]
            if self.cue is None or self.cue.search(piece):
                pieces.append((sent.start_char, piece))
        return pieces
