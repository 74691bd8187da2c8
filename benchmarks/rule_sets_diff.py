"""What one relation rule set finds that another does not, on financial news no gold passage comes from.

    python benchmarks/realnews/training_inputs.py --data ../shared/data --out build/relmodel
    python benchmarks/rule_sets_diff.py --data ../shared/data --exclude build/relmodel/exclude.json \\
        [--old v1] [--new v2] [--old-set KEY=VALUE ...] [--new-set KEY=VALUE ...] [--start 0] [--limit 400]

Reads the FinNL train records (bbt_fincuge/finnl/train_list.json) from ``--start`` on, skips
every record that is a gold passage or shares a text window with any gold passage (dev or
test; the exclusion file the relation model's training inputs write), keeps those with a
company-relation word, and runs the pipeline (relation model off) with each rule set. Prints
each record where the company-company relations differ, with a ``+`` line for each relation
only ``--new`` gives and a ``-`` line for each only ``--old`` gives, then the counts: a
precision check by eye on text the rules were not read against. Not run by the test suite.

``--old-set`` / ``--new-set`` add config overrides to one side, so any two settings compare, not
only rule sets: ``--old v4 --new v4 --new-set components.relation_model.enabled=true`` lists the
company-company pairs the relation model adds to (``+``) or takes from (``-``) the rules.
``--types`` compares other relation types (``--types LOCATED_IN``) on the same records.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "realnews"
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from passages import load_passages  # noqa: E402

from chainkg.extract.rules.company_pairs import COMPANY_TYPES  # noqa: E402

RELATION_WORDS = ("合作", "收购", "子公司", "持股", "增资", "供应", "订单", "合资", "旗下", "入股", "采购",
                  "双方", "三方")


def held_out_records(data: Path, exclude: Path, start: int, limit: int) -> list[tuple[int, str]]:
    """(index, text) of FinNL train records from ``start`` that no gold passage shares text with."""
    from chainkg.extract.relmodel.data import Exclusion
    exclusion = Exclusion.load(exclude)
    gold = {p["id"] for p in load_passages(HERE / "passages.jsonl")}
    records = json.loads((data / "bbt_fincuge" / "finnl" / "train_list.json").read_text(encoding="utf-8"))
    kept = []
    for index in range(start, len(records)):
        text = records[index][0]
        if f"finnl:train:{index}" in gold or exclusion.overlaps(text):
            continue
        if any(word in text for word in RELATION_WORDS):
            kept.append((index, text))
            if len(kept) >= limit:
                break
    return kept


def company_relations(texts: list[str], rule_set: str, settings: tuple = (),
                      types: frozenset[str] = COMPANY_TYPES) -> list[set[tuple[str, str, str, str]]]:
    from chainkg.extract.pipeline import build_pipeline
    nlp = build_pipeline(overrides=(("components.relation_model.enabled", False),
                                    ("components.relations.rule_set", rule_set)) + tuple(settings))
    return [{(r.type, r.source.name, r.target.name, r.extractor) for r in doc._.relations if r.type in types}
            for doc in nlp.pipe(texts)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--exclude", type=Path, default=Path("build/relmodel/exclude.json"))
    parser.add_argument("--old", default="v1")
    parser.add_argument("--new", default="v2")
    parser.add_argument("--old-set", action="append", default=[], metavar="KEY=VALUE",
                        help="a config override for the old side only")
    parser.add_argument("--new-set", action="append", default=[], metavar="KEY=VALUE",
                        help="a config override for the new side only")
    parser.add_argument("--types", nargs="+", default=sorted(COMPANY_TYPES),
                        help="the relation types compared (default: the company-company ones)")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--limit", type=int, default=400)
    args = parser.parse_args(argv)
    if not (args.data / "bbt_fincuge" / "finnl").is_dir() or not args.exclude.is_file():
        print(f"skipped: {args.data / 'bbt_fincuge' / 'finnl'} or {args.exclude} not found")
        return 0
    from chainkg.extract.pipeline import config_setting  # spaCy: only when run
    try:
        old_set, new_set = ([config_setting(s) for s in sets] for sets in (args.old_set, args.new_set))
    except ValueError as exc:
        parser.error(str(exc))
    records = held_out_records(args.data, args.exclude, args.start, args.limit)
    texts = [text for _, text in records]
    types = frozenset(args.types)
    old = company_relations(texts, args.old, tuple(old_set), types)
    new = company_relations(texts, args.new, tuple(new_set), types)
    added = dropped = 0
    for (index, text), before, after in zip(records, old, new):
        gained = sorted(r for r in after if r[:3] not in {b[:3] for b in before})
        lost = sorted(r for r in before if r[:3] not in {a[:3] for a in after})
        if gained or lost:
            print(f"== finnl:train:{index}: {text[:300]}")
            print("\n".join([f"   + {r}" for r in gained] + [f"   - {r}" for r in lost]))
        added, dropped = added + len(gained), dropped + len(lost)
    new_name, old_name = (" ".join([name, *sets]) for name, sets in ((args.new, args.new_set), (args.old, args.old_set)))
    print(f"\n{len(records)} held-out records; {new_name} gives {added} relations ({' '.join(sorted(types))}) "
          f"{old_name} does not, and drops {dropped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
