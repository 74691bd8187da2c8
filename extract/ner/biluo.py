"""BILUO tagging for the NER: a tagger that decodes valid tag sequences, and ``doc.ents`` from tags.

A softmax tagger over the tok2vec output is far cheaper per token than the
transition-based ``ner`` on one-token-per-character docs. ``chainkg_biluo_tagger``
is spaCy's tagger with one change: instead of the best tag of each token on its
own, it takes the best *sequence* that is valid BILUO (Viterbi over the tag
log-probabilities; B/I must be followed by I/L of the same label, and so on).
``chainkg_biluo_ents`` turns tags into entities leniently (an I/L without a B
still opens an entity), so models that tag token by token still decode.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Optional

import numpy
from spacy.language import Language
from spacy.pipeline.tagger import DEFAULT_TAGGER_MODEL, Tagger
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


def allowed_transitions(tags: list[str]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Return (``trans[i, j]``, ``first[j]``, ``last[i]``): may tag j follow i, open, close a sequence.

    Tags that are not B/I/L/U-label behave as O.
    """
    parts = [tag.partition("-") for tag in tags]
    kinds = [prefix if prefix in ("B", "I", "L", "U") and label else "O" for prefix, _, label in parts]
    labels = [label for _, _, label in parts]
    opens = numpy.array([kind in ("B", "I") for kind in kinds])  # inside an entity after this tag
    n = len(tags)
    trans = numpy.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(n):
            if opens[i]:
                trans[i, j] = kinds[j] in ("I", "L") and labels[j] == labels[i]
            else:
                trans[i, j] = kinds[j] in ("O", "B", "U")
    first = numpy.array([kind in ("O", "B", "U") for kind in kinds])
    return trans, first, ~opens


@dataclass(frozen=True)
class TransitionStructure:
    """BILUO's transitions as index arrays (index ``n_tags`` pads: a column kept at -inf).

    O, B-x and U-x (``opening``) may follow any ``closing`` tag (O, L-*, U-*);
    I-x and L-x (``inside``) only B-x or I-x of their label (``pred``, two per row);
    B-x and I-x (``continuing``) are followed by I-x or L-x (``succ``).
    """

    first: numpy.ndarray
    last: numpy.ndarray
    closing: numpy.ndarray
    opening: numpy.ndarray
    inside: numpy.ndarray
    continuing: numpy.ndarray
    pred: numpy.ndarray
    succ: numpy.ndarray


@lru_cache(maxsize=8)
def transition_structure(tags: tuple[str, ...]) -> TransitionStructure:
    """The index arrays of :class:`TransitionStructure` for a tag set (cached: built once a model)."""
    trans, first, last = allowed_transitions(list(tags))

    def two_each(rows: numpy.ndarray, allowed: numpy.ndarray) -> numpy.ndarray:
        out = numpy.full((len(rows), 2), len(tags), dtype="int64")
        for k, index in enumerate(rows):
            found = numpy.flatnonzero(allowed[index])[:2]
            out[k, :len(found)] = found
        return out

    inside, continuing = numpy.flatnonzero(~first), numpy.flatnonzero(~last)
    return TransitionStructure(first=first, last=last, closing=numpy.flatnonzero(last),
                               opening=numpy.flatnonzero(first), inside=inside, continuing=continuing,
                               pred=two_each(inside, trans.T), succ=two_each(continuing, trans))


def viterbi_biluo(log_probs: list[numpy.ndarray], tags: list[str]) -> list[numpy.ndarray]:
    """Best valid BILUO tag ids for each doc's ``(n_tokens, n_tags)`` log-probabilities
    (or any scores that differ from them by a constant per position, such as logits).

    BILUO's transitions have a structure that makes each step O(tags), not
    O(tags^2): O, B-x and U-x may follow any closing tag (O, L-*, U-*), so they
    share one best predecessor; I-x and L-x may follow only B-x or I-x. The
    docs of a batch are decoded together (padded to the longest), so the
    Python loop runs once per position, not once per position per doc.
    """
    n_tags = len(tags)
    lengths = [len(lp) for lp in log_probs]
    if not lengths or max(lengths) == 0:
        return [numpy.zeros((n,), dtype="int64") for n in lengths]
    shape = transition_structure(tuple(tags))
    first, last, closing, opening, inside, pred = (shape.first, shape.last, shape.closing, shape.opening,
                                                   shape.inside, shape.pred)
    n_docs, width = len(log_probs), max(lengths)
    emissions = numpy.zeros((n_docs, width, n_tags), dtype="float32")
    for b, lp in enumerate(log_probs):
        emissions[b, :len(lp)] = lp
    back = numpy.zeros((width, n_docs, n_tags), dtype="int64")
    score = numpy.where(first, emissions[:, 0], -numpy.inf).astype("float32")
    scores = [score]
    padded = numpy.full((n_docs, n_tags + 1), -numpy.inf, dtype="float32")
    docs = numpy.arange(n_docs)
    for t in range(1, width):
        padded[:, :n_tags] = score
        best_closing = closing[padded[:, closing].argmax(axis=1)]
        step = numpy.empty((n_docs, n_tags), dtype="float32")
        step[:, opening] = padded[docs, best_closing][:, None]
        back[t][:, opening] = best_closing[:, None]
        if len(inside):
            candidates = padded[:, pred]  # (docs, inside, 2)
            choice = candidates.argmax(axis=2)
            step[:, inside] = numpy.take_along_axis(candidates, choice[:, :, None], axis=2)[:, :, 0]
            back[t][:, inside] = pred[numpy.arange(len(inside))[None, :], choice]
        score = step + emissions[:, t]
        scores.append(score)
    paths = []
    for b, n in enumerate(lengths):
        path = numpy.zeros((n,), dtype="int64")
        if n:
            path[-1] = int(numpy.where(last, scores[n - 1][b], -numpy.inf).argmax())
            for t in range(n - 1, 0, -1):
                path[t - 1] = back[t, b, path[t]]
        paths.append(path)
    return paths


class BiluoTagger(Tagger):
    """spaCy's tagger, decoding the best valid BILUO sequence instead of per-token argmax.

    With ``sequence_loss`` it also trains on whole sequences (extract/ner/crf.py)
    rather than on each token's softmax cross-entropy.
    """

    def __init__(self, *args, sequence_loss: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sequence_loss = sequence_loss

    def get_loss(self, examples, scores):
        if not self.sequence_loss:
            return super().get_loss(examples, scores)
        from chainkg.extract.ner.crf import crf_loss  # crf.py imports this module
        tags = list(self.labels)
        index = {tag: i for i, tag in enumerate(tags)}
        gold, log_probs = [], []
        for example, doc_scores in zip(examples, scores):
            aligned = example.get_aligned("TAG", as_string=True)
            if any(tag not in index for tag in aligned):  # missing or unknown tags: per-token loss
                return super().get_loss(examples, scores)
            gold.append(numpy.array([index[tag] for tag in aligned], dtype="int64"))
            log_probs.append(numpy.log(numpy.maximum(numpy.asarray(doc_scores, dtype="float64"), 1e-12)))
        loss, gradients = crf_loss(log_probs, gold, tags)
        return loss, [self.model.ops.asarray2f(grad) for grad in gradients]

    def _scores2guesses(self, scores):
        # The model's output at inference is the softmax's input. Log-softmax would subtract
        # one constant per position from every tag, and every path has one tag per position,
        # so the best path of the raw scores is the best path of the log-probabilities.
        return viterbi_biluo([numpy.asarray(doc_scores, dtype="float32") for doc_scores in scores],
                             list(self.labels))


@Language.factory(
    "chainkg_biluo_tagger",
    assigns=["token.tag"],
    default_config={
        "model": DEFAULT_TAGGER_MODEL,
        "overwrite": False,
        "scorer": {"@scorers": "spacy.tagger_scorer.v1"},
        "neg_prefix": "!",
        "label_smoothing": 0.0,
        "sequence_loss": False,
    },
    default_score_weights={"tag_acc": 1.0},
)
def make_biluo_tagger(nlp: Language, name: str, model, overwrite: bool, scorer: Optional[Callable],
                      neg_prefix: str, label_smoothing: float, sequence_loss: bool) -> BiluoTagger:
    """Factory: only turns config into the constructor call."""
    return BiluoTagger(nlp.vocab, model, name, overwrite=overwrite, scorer=scorer, neg_prefix=neg_prefix,
                       label_smoothing=label_smoothing, sequence_loss=sequence_loss)


class BiluoEntities:
    """Pipeline component: set ``doc.ents`` from ``token.tag_`` BILUO tags.

    Entities whose label starts with ``aux_prefix`` (types the model learnt
    only to tell them from ours, extract/ner/data.py) are left out.
    """

    def __init__(self, name: str, *, drop_tensor: bool = True, scorer: Optional[Callable] = None,
                 aux_prefix: str = "X_"):
        self.name = name
        self.drop_tensor = drop_tensor
        self.scorer = scorer
        self.aux_prefix = aux_prefix

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        tags = [strings[tag] if tag else "O" for tag in doc.to_array("TAG").tolist()]
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in decode_biluo(tags)
                    if not (self.aux_prefix and label.startswith(self.aux_prefix))]
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
    default_config={"drop_tensor": True, "scorer": {"@scorers": "spacy.ner_scorer.v1"}, "aux_prefix": "X_"},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_biluo_ents(nlp: Language, name: str, *, drop_tensor: bool, scorer: Optional[Callable],
                    aux_prefix: str) -> BiluoEntities:
    """Factory: only turns config into the constructor call."""
    return BiluoEntities(name, drop_tensor=drop_tensor, scorer=scorer, aux_prefix=aux_prefix)


__all__ = ["BiluoEntities", "BiluoTagger", "TransitionStructure", "decode_biluo", "make_biluo_ents",
           "make_biluo_tagger", "registry", "transition_structure", "viterbi_biluo"]
