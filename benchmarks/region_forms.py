"""How the gazetteer's forms fare on real news: which place names the region component keeps.

    python benchmarks/region_forms.py --cctv ../shared/data/cctv_xinwenlianbo/xwlb_items.jsonl \\
        [--limit-chars 3000000] [--top 40] [--sample 30 --seed 1]

Runs the pipeline's region component alone over CCTV news and prints, for each kind of form
(a name or alias that names its region anywhere; a county short form or shared name that
needs its city named; an ordinary word that needs its city right before it), how often it
is written and how often the component keeps it as a region, then the forms kept most often
of each conditional kind. Frequent forms are where ordinary words hide (合作, 中方, 复兴): read
the top of each list, and list a form that is a word in scripts/gazetteer/words.tsv.
``--sample`` prints that many kept mentions of conditional forms, drawn with the seed, with
their context, for judging by eye (precision of the conditional forms).
Not run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from chainkg.extract.components.base import REGIONS, doc_text
from chainkg.extract.pipeline import build_pipeline


def read_texts(path: Path, limit_chars: int | None):
    total = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = (json.loads(line).get("text") or "").strip()
            if text:
                yield text
                total += len(text)
                if limit_chars and total >= limit_chars:
                    return


def kind_of(form: str, gazetteer) -> str:
    rule = gazetteer.conditional.get(form)
    if rule is None:
        region = gazetteer.regions[gazetteer.forms[form]]
        return f"plain {region.level}" + (" name" if form == region.name else " alias")
    if rule.condition == "after_parent":
        return "after_parent (ordinary words)"
    return "context, one region" if len(rule.regions) == 1 else "context, shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cctv", type=Path, required=True)
    parser.add_argument("--limit-chars", type=int, default=None)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    nlp = build_pipeline()
    regions = nlp.get_pipe("regions")
    gazetteer = regions.gazetteer
    written, kept = Counter(), Counter()
    chars, examples = 0, defaultdict(list)
    with nlp.select_pipes(enable=["sentences", "regions"]):
        for doc in nlp.pipe(read_texts(args.cctv, args.limit_chars), batch_size=64):
            text = doc_text(doc)
            chars += len(text)
            for _, start, end in regions.matcher(doc):
                form = regions.form_of.get(doc[start:end].text)
                if form:
                    written[form] += 1
            for span in doc.spans[REGIONS]:
                form = regions.form_of.get(span.text)
                if form:
                    kept[form] += 1
                    if form in gazetteer.conditional:
                        context = text[max(0, span.start_char - 12):span.end_char + 12].replace("\n", " ")
                        examples[form].append(f"{form} -> {span.kb_id_}: {context}")

    by_kind: dict[str, list[str]] = defaultdict(list)
    for form in written:
        by_kind[kind_of(form, gazetteer)].append(form)
    print(f"{chars:,} characters of CCTV news\n")
    print(f"{'kind of form':<32}{'forms':>7}{'written':>10}{'kept':>10}{'kept %':>8}")
    for kind in sorted(by_kind):
        forms = by_kind[kind]
        w, k = sum(written[f] for f in forms), sum(kept[f] for f in forms)
        print(f"{kind:<32}{len(forms):>7}{w:>10,}{k:>10,}{100 * k / max(w, 1):>7.1f}%")
    for kind in ("context, one region", "context, shared", "after_parent (ordinary words)"):
        forms = sorted(by_kind.get(kind, []), key=lambda f: (-kept[f], -written[f], f))[:args.top]
        print(f"\n{kind}: kept most often (form kept/written)")
        print("  " + "  ".join(f"{f} {kept[f]}/{written[f]}" for f in forms))
    plain = sorted((f for k, fs in by_kind.items() if k.startswith("plain") and "alias" in k for f in fs),
                   key=lambda f: -written[f])[:args.top]
    print("\nplain aliases written most often (form kept/written)")
    print("  " + "  ".join(f"{f} {kept[f]}/{written[f]}" for f in plain))
    if args.sample:
        pool = [e for form in examples for e in examples[form]]
        random.Random(args.seed).shuffle(pool)
        print(f"\n{args.sample} kept mentions of conditional forms (seed {args.seed}), of {len(pool)}:")
        print("\n".join(pool[:args.sample]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
