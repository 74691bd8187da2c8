"""Relation precision and recall on the real-news gold set (docs/annotation.md).

    python benchmarks/relations_realnews.py --data ../shared/data --split dev [--errors] [--json]
    python benchmarks/relations_realnews.py --data ../shared/data --split test
    python benchmarks/relations_realnews.py --data ../shared/data --split dev --lexicon ckg.lexicon.tsv
    python benchmarks/relations_realnews.py --data ../shared/data --split dev --rules-only

Reads the passages' texts from ../shared/data (the repository keeps only ids and offsets),
runs the whole pipeline on each passage as one document, and matches the relations it finds
against the hand annotation with benchmarks/realnews/matching.py: same type, and each end
overlapping a mention of the annotated entity with the same label. An end of a predicted
relation is every place its node is written in the passage (the offsets the rule gives, and
each occurrence of its name or aliases), since the annotation also gives an entity all its
mentions. Prints P, R and F1 per type and overall, the throughput, and the gold counts.

``--split dev`` is for tuning and may print every error (``--errors``); ``--split test`` is
the reported figure and prints figures only: nobody reads the extractor's output on it.
``--split extension`` is the later dev draw (passages.EXTEND, gold/extension.jsonl): scored once
blind with the release it was drawn after, open for tuning since.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent / "realnews"
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from matching import TYPES, Counts, End, Relation, annotated_relations, match  # noqa: E402
from passages import MissingData, load_passages, resolve  # noqa: E402

from chainkg.contract.facts import EntityFact, RelationFact  # noqa: E402

LABEL = {"Company": "COMPANY", "Project": "PROJECT", "Product": "PRODUCT", "Region": "REGION"}
SHOWN = ("RUNS", "MAKES", "LOCATED_IN")  # the types the targets name one by one


# The gold files a split reads: ``extension`` is the later dev draw (passages.EXTEND), scored
# once with the fifth release before anyone read it, kept apart so that dev figures of earlier
# releases stay comparable.
SPLIT_FILES = {"dev": ("dev",), "test": ("test",), "extension": ("extension",),
               "all": ("dev", "test", "extension")}


def read_gold(split: str) -> dict[str, dict]:
    gold = {}
    for name in SPLIT_FILES[split]:
        for line in (HERE / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            gold[item["passage"]] = item
    return gold


def occurrences(text: str, names: set[str]) -> list[tuple[int, int]]:
    spans = []
    for name in sorted(n for n in names if n and len(n) >= 2):
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


def predicted_relations(text: str, facts: list) -> list[Relation]:
    """The relations of one passage's facts, each end with every place its node is written."""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fact in facts:
        if isinstance(fact, EntityFact):
            label = type(fact).__name__.removesuffix("Fact")
            names[(label, fact.key)] |= {fact.name, *fact.aliases}
    out = []
    for fact in facts:
        if not isinstance(fact, RelationFact) or fact.type not in TYPES:
            continue
        ends = []
        for ref, prefix in ((fact.source, "source"), (fact.target, "target")):
            spans = list(occurrences(text, names[(ref.label, ref.key)] | {ref.name or ""}))
            start, end = fact.props.get(f"{prefix}_start"), fact.props.get(f"{prefix}_end")
            if isinstance(start, int) and isinstance(end, int):
                spans.append((start, end))
            ends.append(End(LABEL.get(ref.label, ref.label.upper()), tuple(sorted(set(spans)))))
        out.append(Relation(fact.type, ends[0], ends[1]))
    return out


def _setting(text: str) -> tuple[str, object]:
    from chainkg.extract.pipeline import config_setting  # spaCy: only when run
    return config_setting(text)


def extract(texts: dict[str, str], lexicon: Path | None = None, rules_only: bool = False,
            settings: tuple = ()) -> dict[str, list]:
    from chainkg.extract.pipeline import build_pipeline, extract_texts  # spaCy: only when run
    overrides = ((("paths.lexicon", str(lexicon)),) if lexicon else ()) + \
        ((("components.relation_model.enabled", False),) if rules_only else ()) + tuple(settings)
    nlp = build_pipeline(overrides=overrides) if overrides else None
    facts: dict[str, list] = defaultdict(list)
    current = None
    for fact in extract_texts(((text, pid, "") for pid, text in texts.items()), source="realnews", nlp=nlp):
        if type(fact).__name__ == "DocumentFact":
            current = fact.id
        else:
            facts[current].append(fact)
    return facts


def describe(relation: Relation, text: str) -> str:
    def name(end: End) -> str:
        return "/".join(dict.fromkeys(text[a:b] for a, b in end.spans)) or "?"
    return f"{name(relation.source)} {relation.type} {name(relation.target)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"),
                        help="the ../shared/data folder the passages come from")
    parser.add_argument("--split", choices=tuple(SPLIT_FILES), default="dev")
    parser.add_argument("--errors", action="store_true", help="dev and extension only: print every error")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lexicon", type=Path, default=None,
                        help="a lexicon file (`chainkg export lexicon`) the pipeline loads as well")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", type=_setting,
                        help="a pipeline config override, e.g. components.ner.sentence_cue=")
    parser.add_argument("--rules-only", action="store_true",
                        help="switch the relation model off: the rules' own figure")
    args = parser.parse_args(argv)
    if args.errors and args.split not in ("dev", "extension"):
        parser.error("--errors is for the dev half and its extension: the test half is scored, not read")
    gold = read_gold(args.split)
    passages = [p for p in load_passages(HERE / "passages.jsonl") if p["id"] in gold]
    try:
        texts = resolve(args.data, passages)
    except MissingData as missing:
        print(f"skipped: {missing}")
        return 0
    started = time.perf_counter()
    facts = extract(texts, args.lexicon, args.rules_only, args.set)
    seconds = time.perf_counter() - started
    totals = {t: Counts() for t in TYPES}
    errors = []
    for pid, text in texts.items():
        counts, extra, missed = match(annotated_relations(gold[pid]), predicted_relations(text, facts[pid]))
        for kind, figures in counts.items():
            totals[kind].add(figures)
        errors += [f"FP {pid}: {describe(r, text)}" for r in extra]
        errors += [f"FN {pid}: {describe(r, text)}" for r in missed]
    overall = Counts()
    for figures in totals.values():
        overall.add(figures)
    scores = {**{t: totals[t].figures() for t in TYPES}, "ALL": overall.figures()}
    chars = sum(map(len, texts.values()))
    if args.json:
        print(json.dumps({"split": args.split, "scores": scores, "chars": chars, "seconds": round(seconds, 1)},
                         ensure_ascii=False, indent=2))
        return 0
    if args.errors:
        print("\n".join(sorted(errors)) + "\n")
    print(f"{'type':<15}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'gold':>7}")
    for name, s in scores.items():
        print(f"{name:<15}{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
              f"{s['tp'] + s['fn']:>7}")
    print(f"\n{len(texts)} passages ({args.split}), {chars:,} chars, extracted in {seconds:.1f} s "
          f"({chars / seconds:,.0f} chars/s, model load included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
