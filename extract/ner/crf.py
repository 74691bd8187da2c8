"""A sequence-level loss for the BILUO tagger: a CRF whose transitions are BILUO's rules.

The per-token softmax loss trains each character's tag on its own, so the
model never learns that a name must open with B and close with L; the
Viterbi decoder (extract/ner/biluo.py) then repairs what it predicts. This
loss scores whole tag sequences instead: with emissions ``e[t, tag]`` (the
tagger's log-probabilities) and transitions that are 0 where BILUO allows
them and -inf where it does not,

    log P(gold) = sum_t e[t, gold_t] - log Z,   Z = sum over valid sequences of exp(sum_t e[t, y_t]),

and the gradient with respect to the emissions is ``marginal - one_hot(gold)``,
the marginals coming from forward-backward. The emissions are the tagger's
log-softmax outputs; a constant per position cancels in ``P``, so this is the
same as a CRF on the logits, and the softmax layer's fused backward takes the
gradient as it is.

Transitions have the structure viterbi_biluo uses: O/B/U follow any closing tag
(O, L, U) and I/L follow B or I of their label, so a step costs O(tags).
"""

from __future__ import annotations

import numpy

from chainkg.extract.ner.biluo import transition_structure

NEG_INF = -numpy.inf


def _logsumexp(values: numpy.ndarray, axis: int) -> numpy.ndarray:
    top = values.max(axis=axis, keepdims=True)
    top = numpy.where(numpy.isfinite(top), top, 0.0)
    with numpy.errstate(divide="ignore"):
        return (top + numpy.log(numpy.exp(values - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def crf_loss(log_probs: list[numpy.ndarray], gold: list[numpy.ndarray], tags: list[str]):
    """Return ``(loss, gradients)``: summed negative log-likelihood of the gold paths and,
    per doc, ``marginals - one_hot(gold)`` shaped like its emissions.

    Docs are padded to the longest with positions where only O is allowed at no
    cost, which leaves every doc's Z and marginals exactly as they were.
    """
    if "O" not in tags:
        raise ValueError("a BILUO tag set needs an O tag")
    shape, outside = transition_structure(tuple(tags)), tags.index("O")
    first, last, closing, opening = shape.first, shape.last, shape.closing, shape.opening
    inside, continuing, pred, succ = shape.inside, shape.continuing, shape.pred, shape.succ
    lengths = [len(lp) for lp in log_probs]
    n_docs, n_tags = len(log_probs), len(tags)
    width = max(lengths, default=0)
    if width == 0:
        return 0.0, [numpy.zeros((0, n_tags), dtype="float32") for _ in log_probs]
    emissions = numpy.full((n_docs, width, n_tags), NEG_INF)
    emissions[:, :, outside] = 0.0
    for b, lp in enumerate(log_probs):
        emissions[b, :len(lp)] = lp
    alpha = numpy.full((n_docs, width, n_tags + 1), NEG_INF)
    beta = numpy.full((n_docs, width, n_tags + 1), NEG_INF)
    alpha[:, 0, :n_tags] = numpy.where(first, emissions[:, 0], NEG_INF)
    for t in range(1, width):
        prev = alpha[:, t - 1]
        alpha[:, t, opening] = _logsumexp(prev[:, closing], axis=1)[:, None]
        alpha[:, t, inside] = _logsumexp(prev[:, pred], axis=2)
        alpha[:, t, :n_tags] += emissions[:, t]
    beta[:, width - 1, :n_tags] = numpy.where(last, 0.0, NEG_INF)
    for t in range(width - 2, -1, -1):
        ahead = numpy.full((n_docs, n_tags + 1), NEG_INF)
        ahead[:, :n_tags] = emissions[:, t + 1] + beta[:, t + 1, :n_tags]
        beta[:, t, closing] = _logsumexp(ahead[:, opening], axis=1)[:, None]
        beta[:, t, continuing] = _logsumexp(ahead[:, succ], axis=2)
    log_z = _logsumexp(alpha[:, width - 1, :n_tags] + beta[:, width - 1, :n_tags], axis=1)
    with numpy.errstate(invalid="ignore"):
        marginals = numpy.exp(alpha[:, :, :n_tags] + beta[:, :, :n_tags] - log_z[:, None, None])
    marginals = numpy.nan_to_num(marginals)
    loss, gradients = 0.0, []
    for b, (n, path) in enumerate(zip(lengths, gold)):
        grad = marginals[b, :n].copy()
        grad[numpy.arange(n), path] -= 1.0
        gradients.append(grad.astype("float32"))
        loss += float(log_z[b] - emissions[b, numpy.arange(n), path].sum())
    return loss, gradients


__all__ = ["crf_loss"]
