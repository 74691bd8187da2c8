"""Reading the labelled NER corpora and splitting them deterministically.

Two on-disk formats are read, both JSONL, one document a line:

* CLUENER: ``{"text": ..., "label": {LABEL: {SPAN_TEXT: [[start, end_inclusive], ...]}}}``
* Boson:   ``{"text": ..., "entity_list": [{"entity_type", "entity",
  "entity_index": {"begin", "end"}}]}`` where ``end`` is exclusive.

Both become ``Record(text, spans)`` with ``(start, end_exclusive, label)`` spans in
*our* label set (COMPANY, ORG, PRODUCT); labels missing from the label map are dropped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from chainkg.extract.ner.errors import NerError

CLUENER_LABELS: dict[str, str] = {
    "company": "COMPANY",
    "organization": "ORG",
    "government": "ORG",
}
BOSON_LABELS: dict[str, str] = {
    "company_name": "COMPANY",
    "org_name": "ORG",
    "product_name": "PRODUCT",
}
# The corpora's other types, learnt alongside ours ("multi-task" for free: knowing a game,
# a film or a person's name is what tells it from a company). Spans labelled with the
# AUX_PREFIX are trained on but never reach doc.ents (extract/ner/biluo.py).
AUX_PREFIX = "X_"
CLUENER_AUX_LABELS: dict[str, str] = {
    "address": "X_LOC", "book": "X_BOOK", "game": "X_GAME", "movie": "X_MOVIE",
    "name": "X_PER", "position": "X_POSITION", "scene": "X_SCENE",
}
BOSON_AUX_LABELS: dict[str, str] = {"person_name": "X_PER", "location": "X_LOC", "time": "X_TIME"}
SPLIT_SEED = "chainkg-ner-v1"
SPLITS = ("train", "dev", "test")

Span = tuple[int, int, str]


@dataclass
class Record:
    """One text with its gold spans, character offsets, end exclusive."""

    text: str
    spans: list[Span] = field(default_factory=list)


def split_of(index: int, seed: str = SPLIT_SEED) -> str:
    """Return "train", "dev" or "test" (80/10/10) for the line at ``index``.

    The split depends only on the line index and the seed, so every script
    (prepare, benchmark, tests) re-derives the same held-out lines.
    """
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    bucket = int.from_bytes(digest[:4], "big") % 100
    if bucket < 80:
        return "train"
    return "dev" if bucket < 90 else "test"


def parse_line(line: str, label_map: Mapping[str, str]) -> Record:
    """Parse one JSONL line of either format into a Record with mapped labels."""
    obj = json.loads(line)
    text = obj["text"]
    if "entity_list" in obj:
        spans = _boson_spans(obj["entity_list"], label_map)
    else:
        spans = _cluener_spans(obj.get("label") or {}, label_map)
    return Record(text, sorted(set(spans)))


def _cluener_spans(labels: dict, label_map: Mapping[str, str]) -> Iterator[Span]:
    for source_label, entities in labels.items():
        if source_label not in label_map:
            continue
        for positions in entities.values():
            for start, end_inclusive in positions:
                yield start, end_inclusive + 1, label_map[source_label]


def _boson_spans(entity_list: list, label_map: Mapping[str, str]) -> Iterator[Span]:
    for entity in entity_list:
        label = label_map.get(entity["entity_type"])
        if label:
            index = entity["entity_index"]
            yield index["begin"], index["end"], label


def read_records(path: str | Path, label_map: Mapping[str, str]) -> Iterator[tuple[int, Record]]:
    """Yield ``(line_index, Record)`` for each non-empty line of a JSONL corpus."""
    path = Path(path)
    if not path.is_file():
        raise NerError(f"{path}: no such NER data file")
    with path.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if not line.strip():
                continue
            try:
                yield index, parse_line(line, label_map)
            except (ValueError, KeyError, TypeError) as exc:
                raise NerError(f"{path}:{index + 1}: not a CLUENER/Boson NER line ({exc})") from exc


def read_split(path: str | Path, label_map: Mapping[str, str], split: str) -> list[Record]:
    """Return the records of one split ("train", "dev" or "test") of a corpus file."""
    if split not in SPLITS:
        raise NerError(f"unknown split {split!r}; expected one of {SPLITS}")
    return [rec for index, rec in read_records(path, label_map) if split_of(index) == split]


def chunk_record(record: Record, max_chars: int = 300) -> Iterable[Record]:
    """Cut a long document at sentence ends into pieces of about ``max_chars``.

    Long Boson documents train slowly and batch badly; a cut never falls
    inside a gold span, and offsets are shifted to the piece.
    """
    text = record.text
    if len(text) <= max_chars:
        return [record]
    inside = _covered_positions(record.spans)
    pieces, start = [], 0
    for pos, char in enumerate(text):
        at_end = char in "。！？!?\n" and pos + 1 not in inside
        if at_end and pos + 1 - start >= max_chars // 3:
            pieces.append(_slice(record, start, pos + 1))
            start = pos + 1
    if start < len(text):
        pieces.append(_slice(record, start, len(text)))
    return [piece for piece in pieces if piece.text.strip()]


def _covered_positions(spans: list[Span]) -> set[int]:
    """Positions p such that a cut before p would split a span."""
    return {pos for start, end, _ in spans for pos in range(start + 1, end)}


def _slice(record: Record, start: int, end: int) -> Record:
    spans = [(s - start, e - start, label) for s, e, label in record.spans if s >= start and e <= end]
    return Record(record.text[start:end], spans)
