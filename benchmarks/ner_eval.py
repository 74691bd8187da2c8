"""Held-out accuracy and speed of the shipped NER.

    python benchmarks/ner_eval.py --cluener PATH/train.jsonl --boson PATH/boson_train.jsonl [--model models/ner]

Re-derives the held-out test split of each corpus (the same seeded line-index
hash as ``extract.ner.prepare``), prints per-label P/R/F1/support by exact
span match, then the characters per second of ``NerModel.predict`` in one
process (best of three passes over all test texts). Use OMP_NUM_THREADS=1
for a one-core figure.
"""

from __future__ import annotations

import argparse
import time

from chainkg.extract.ner.data import BOSON_LABELS, CLUENER_LABELS, read_split
from chainkg.extract.ner.evaluate import format_scores, score_records
from chainkg.extract.ner.model import DEFAULT_MODEL_DIR, NerModel


def held_out_scores(model: NerModel, path: str, label_map: dict, name: str, split: str) -> list[str]:
    """Score one corpus's split and print its table; return its texts for timing."""
    records = read_split(path, label_map, split)
    scores = score_records(model, records, set(label_map.values()))
    print(format_scores(f"\n{name} {split} split ({len(records)} docs)", scores))
    return [record.text for record in records]


def throughput(model: NerModel, texts: list[str], batch_size: int, repeats: int = 3) -> float:
    """Best-of-``repeats`` characters per second of ``model.predict`` over ``texts``."""
    chars = sum(len(text) for text in texts)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _spans in model.predict(texts, batch_size=batch_size):
            pass
        best = min(best, time.perf_counter() - start)
    return chars / best


def main() -> None:
    """Print held-out scores on CLUENER and Boson, then throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cluener", required=True)
    parser.add_argument("--boson")
    parser.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    parser.add_argument("--split", default="test", choices=["dev", "test"])
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    model = NerModel.load(args.model)
    texts = held_out_scores(model, args.cluener, CLUENER_LABELS, "CLUENER", args.split)
    if args.boson:
        texts += held_out_scores(model, args.boson, BOSON_LABELS, "Boson", args.split)
    speed = throughput(model, texts, args.batch_size)
    print(f"\nthroughput: {speed:,.0f} chars/s (NerModel.predict, 1 process, batch {args.batch_size}, "
          f"{sum(map(len, texts)):,} chars)")


if __name__ == "__main__":
    from chainkg.contract.errors import run_script
    run_script(main, "ner_eval")
