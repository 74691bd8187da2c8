"""Agreement between the two blind annotations of the 20 twice-annotated gold passages.

    python benchmarks/realnews/agreement.py [--second gold/second_pass_extension.jsonl]

The first pass (gold/dev.jsonl, gold/test.jsonl, gold/extension.jsonl) is the reference; the
second pass (gold/second_pass.jsonl: 20 passages of the first 320; second_pass_extension.jsonl:
20 of the extension, every fourth) was made without seeing it. Prints entity agreement (same label,
same span; and same label, overlapping span) and relation agreement (the matching of
matching.py) as precision, recall and F1 of the second pass against the first. Needs no
text: the annotations are offsets.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True
from matching import TYPES, Counts, annotated_relations, match  # noqa: E402

GOLD = Path(__file__).parent / "gold"


def _lines(path: Path) -> dict[str, dict]:
    return {item["passage"]: item for item in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def _mentions(item: dict) -> list[tuple[str, int, int]]:
    return [(e["label"], s, t) for e in item["entities"] for s, t in e["mentions"]]


def entity_counts(first: dict, second: dict, *, overlap: bool) -> Counts:
    counts = Counts()
    for passage, item in second.items():
        reference = _mentions(first[passage])
        for label, start, end in _mentions(item):
            hit = next((m for m in reference if m[0] == label and (
                (m[1], m[2]) == (start, end) if not overlap else m[1] < end and start < m[2])), None)
            if hit:
                counts.tp += 1
                reference.remove(hit)
            else:
                counts.fp += 1
        counts.fn += len(reference)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second", type=Path, default=GOLD / "second_pass.jsonl",
                        help="the second pass to compare with the first")
    args = parser.parse_args(argv)
    first = {**_lines(GOLD / "dev.jsonl"), **_lines(GOLD / "test.jsonl"), **_lines(GOLD / "extension.jsonl")}
    second = _lines(args.second)
    first = {p: first[p] for p in second}
    relations = {t: Counts() for t in TYPES}
    for passage, item in second.items():
        counts, _, _ = match(annotated_relations(first[passage]), annotated_relations(item))
        for kind, figures in counts.items():
            relations[kind].add(figures)
    total = Counts()
    for figures in relations.values():
        total.add(figures)
    print(f"{len(second)} passages annotated twice, blind; second pass against the first")
    print(f"entities, exact span:   {entity_counts(first, second, overlap=False).figures()}")
    print(f"entities, overlapping:  {entity_counts(first, second, overlap=True).figures()}")
    print(f"relations, all:         {total.figures()}")
    for kind in TYPES:
        if relations[kind].tp + relations[kind].fp + relations[kind].fn:
            print(f"  {kind:14} {relations[kind].figures()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
