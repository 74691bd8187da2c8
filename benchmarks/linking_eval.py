"""Product linking against the hand-labelled CKG sample (benchmarks/linking/gold.tsv).

    python benchmarks/linking_eval.py --ckg ../shared/data/chain_knowledge_graph [--split test] [--errors]

Links every sampled name with the linker built from the shipped chain templates and scores
the links at or above the auto-link threshold (and at each threshold of a small curve):
precision = right links / links made, recall = right links / names the gold links. A link
is right when it names the gold template product or the gold's second acceptable answer.
"--split dev" is for tuning (errors may be printed); "--split test" is the reported figure.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from pathlib import Path

from chainkg.contract.errors import ChainkgError, run_script
from chainkg.contract.keys import product_key
from chainkg.contract.lexicon import AUTO_LINK, ProductLinker, lexicon
from chainkg.contract.resources import chains_dir
from chainkg.contract.templates import load_templates

GOLD = Path(__file__).parent / "linking" / "gold.tsv"
THRESHOLDS = (0.6, 0.7, 0.8, 0.9, 1.0)


def read_gold(split: str) -> list[dict]:
    with GOLD.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if split == "all" or r["split"] == split]


def names_by_line(ckg: Path, lines: set[int]) -> dict[int, str]:
    path = ckg / "company_product.json"
    if not path.is_file():
        raise ChainkgError(f"{path}: not found (pass the chain_knowledge_graph folder of ../shared/data)")
    found = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if number in lines:
                found[number] = (json.loads(line).get("product_name") or "").strip()
    return found


def accepted(row: dict) -> set[str]:
    """The template products the gold accepts for a row (empty: none)."""
    answers = {row["template_product"]} if row["template_product"] else set()
    answers |= {part.split("/")[-1] for part in row["also"].split(";") if part.strip()}
    return {product_key(a) for a in answers if a}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckg", type=Path, required=True, help="the chain_knowledge_graph folder")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--errors", action="store_true", help="print every wrong or missed link")
    args = parser.parse_args()
    gold = read_gold(args.split)
    names = names_by_line(args.ckg, {int(r["line"]) for r in gold})
    for row in gold:
        digest = hashlib.sha1(names[int(row["line"])].encode("utf-8")).hexdigest()[:10]
        if digest != row["sha1"]:
            raise ChainkgError(f"line {row['line']}: the CKG file is not the one the gold was drawn from")
    linker = ProductLinker(lexicon(load_templates(chains_dir())))
    links = {int(r["line"]): linker.link(names[int(r["line"])]) for r in gold}
    positives = sum(1 for r in gold if accepted(r))
    print(f"{len(gold)} names ({args.split}), {positives} linked by the gold; auto-link threshold {AUTO_LINK}")
    for threshold in THRESHOLDS:
        made = [(r, links[int(r["line"])]) for r in gold
                if links[int(r["line"])] and links[int(r["line"])].confidence >= threshold]
        right = sum(1 for r, link in made if link.product_key in accepted(r))
        p = right / len(made) if made else 0.0
        rec = right / positives if positives else 0.0
        mark = "  <- auto-link" if threshold == AUTO_LINK else ""
        print(f"  confidence >= {threshold:.1f}: {len(made)} links, {right} right: "
              f"precision {p:.3f}, recall {rec:.3f}{mark}")
    if args.errors:
        for row in gold:
            link, want = links[int(row["line"])], accepted(row)
            got = link.product_key if link else ""
            if got not in want and (link or want):
                shown = f"{link.product_name} ({link.rule} {link.confidence})" if link else "-"
                print(f"  {names[int(row['line'])]}\t-> {shown}\tgold {row['template_product'] or '-'}")
    return 0


if __name__ == "__main__":
    run_script(main, "linking_eval")
