"""The prediction API of the trained NER: character spans for plain texts.

    >>> model = NerModel.load()            # the model shipped in chainkg.models
    >>> next(model.predict(["浙江华友钴业股份有限公司在衢州投资。"]))
    [(0, 12, 'COMPANY', 1.0)]

Spans are ``(start, end_exclusive, label, score)`` in *characters* of the
given text, whatever tokenizer the pipeline uses inside, so the main
(char-tokenised) pipeline can place them with ``doc.char_span``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import spacy

from chainkg.contract.resources import shipped

# Importing these registers the architectures and components the config names.
from chainkg.extract.ner import biluo, features  # noqa: F401
from chainkg.extract.ner.errors import NerError
from chainkg.extract.ner.ops import use_numpy_blas

DEFAULT_MODEL_DIR = shipped("chainkg.models", "ner")
NerSpan = tuple[int, int, str, float]


class NerModel:
    """A loaded NER pipeline; use :meth:`load`, then :meth:`predict`."""

    def __init__(self, nlp: spacy.Language):
        self.nlp = nlp

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_DIR) -> "NerModel":
        """Load the pipeline saved at ``path`` (no network needed)."""
        path = Path(path)
        if not (path / "config.cfg").is_file():
            raise NerError(f"{path}: no trained NER pipeline here (run `make model`)")
        use_numpy_blas()
        nlp = spacy.load(path)
        nlp.max_length = 10_000_000  # the models are linear in length; documents can be long
        return cls(nlp)

    @property
    def labels(self) -> tuple[str, ...]:
        """The entity labels this model predicts, e.g. ``("COMPANY", "ORG", "PRODUCT")``."""
        return tuple(self.nlp.meta.get("chainkg_labels", ("COMPANY", "ORG", "PRODUCT")))

    def predict(self, texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator[list[NerSpan]]:
        """Yield, for each text in order, its entity spans sorted by start.

        The score is 1.0: the tagger's decoding keeps no per-span confidence.
        """
        docs = self.nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
        for doc in docs:
            yield [(ent.start_char, ent.end_char, ent.label_, 1.0) for ent in doc.ents]
