"""Exact-span evaluation of a NerModel on CLUENER/Boson-format JSONL.

Only the labels the model predicts are scored; gold labels missing from the
label map are ignored, as are predicted labels the data does not annotate
(Boson's PRODUCT is not a CLUENER label, so it is not scored on CLUENER).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping, Optional

from chainkg.extract.ner.data import CLUENER_LABELS, Record, read_records

Scores = dict[str, dict[str, float]]


def evaluate_ner(
    model,
    path: str | Path,
    label_map: Optional[Mapping[str, str]] = None,
    *,
    batch_size: int = 64,
) -> Scores:
    """Score ``model`` (a NerModel) on every line of ``path`` by exact span match.

    ``label_map`` maps the file's labels to ours (default: CLUENER's company,
    organization, government). Returns ``{LABEL: {"p", "r", "f", "n"}}`` where
    ``n`` is the gold support, plus ``"ALL"`` (micro average).
    """
    label_map = CLUENER_LABELS if label_map is None else label_map
    records = [record for _, record in read_records(path, label_map)]
    return score_records(model, records, set(label_map.values()), batch_size=batch_size)


def score_records(model, records: list[Record], labels: Iterable[str], *, batch_size: int = 64) -> Scores:
    """Score predictions of ``model`` against ``records`` for the given labels."""
    labels = set(labels)
    gold_n, pred_n, hits = Counter(), Counter(), Counter()
    predictions = model.predict((r.text for r in records), batch_size=batch_size)
    for record, predicted in zip(records, predictions):
        gold = {span for span in record.spans if span[2] in labels}
        guessed = {(s, e, label) for s, e, label, _ in predicted if label in labels}
        _count(gold_n, gold)
        _count(pred_n, guessed)
        _count(hits, gold & guessed)
    return {label: _prf(hits[label], pred_n[label], gold_n[label]) for label in sorted(labels) + ["ALL"]}


def _count(counter: Counter, spans: set) -> None:
    for span in spans:
        counter[span[2]] += 1
        counter["ALL"] += 1


def _prf(hits: int, predicted: int, gold: int) -> dict[str, float]:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "n": gold}


def format_scores(title: str, scores: Scores) -> str:
    """A small fixed-width table of per-label P/R/F1/support for printing."""
    lines = [title, f"{'label':<10}{'P':>8}{'R':>8}{'F1':>8}{'n':>8}"]
    for label, s in scores.items():
        lines.append(f"{label:<10}{s['p']:>8.3f}{s['r']:>8.3f}{s['f']:>8.3f}{s['n']:>8}")
    return "\n".join(lines)
