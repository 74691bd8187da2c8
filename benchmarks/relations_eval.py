"""Relation precision, recall and F1 of the extraction pipeline against the hand-written gold file.

    python benchmarks/relations_eval.py [--gold tests/gold_facts.jsonl] [--rules-only] [--errors] [--json]

Runs the whole pipeline (extract/config/pipeline.cfg) on every document the gold file
names, prints one row per relation type and the micro-averaged total, then how many
gold relations (and documents) the figures rest on. ``--errors`` also lists every false
positive (with the rule that made it) and every false negative; ``--rules-only`` switches the
relation model off, as benchmarks/relations_realnews.py does; matching rules are in
extract/evaluate_facts.py, the gold format in docs/corpora.md.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from chainkg.extract.evaluate_facts import evaluate_facts, read_gold
from chainkg.extract.pipeline import build_pipeline, config_setting


def gold_counts(path: Path) -> tuple[int, Counter]:
    """Number of gold documents and gold relations per type."""
    documents = read_gold(path)
    return len(documents), Counter(r["relation"] for _, relations in documents for r in relations)


def format_scores(scores: dict, counts: Counter) -> str:
    """One aligned row per relation type (P, R, F1, tp/fp/fn, gold count), the total last."""
    lines = [f"{'type':<15}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'gold':>7}"]
    for name, s in scores.items():
        gold = sum(counts.values()) if name == "ALL" else counts[name]
        lines.append(f"{name:<15}{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}{gold:>7}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold_facts.jsonl")
    parser.add_argument("--errors", action="store_true", help="list every FP and FN")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--rules-only", action="store_true", help="switch the relation model off")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", type=config_setting,
                        help="a pipeline config override, e.g. components.ner.sentence_cue=")
    args = parser.parse_args(argv)
    documents, counts = gold_counts(args.gold)
    errors: list[str] = []
    started = time.perf_counter()
    overrides = ((("components.relation_model.enabled", False),) if args.rules_only else ()) + tuple(args.set)
    nlp = build_pipeline(overrides=overrides) if overrides else None
    scores = evaluate_facts(args.gold, nlp=nlp, errors=errors)
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({"scores": scores, "gold": dict(counts)}, ensure_ascii=False, indent=2))
        return
    if args.errors:
        print("\n".join(sorted(errors)) + "\n")
    print(format_scores(scores, counts))
    print(f"\n{sum(counts.values())} gold relations in {documents} documents "
          f"({', '.join(f'{k} {v}' for k, v in counts.most_common())}); scored in {seconds:.1f} s")


if __name__ == "__main__":
    from chainkg.contract.errors import run_script
    run_script(main, "relations_eval")
