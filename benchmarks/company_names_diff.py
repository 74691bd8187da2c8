"""The company names two pipeline settings read differently, on news no rule was read from.

    python benchmarks/company_names_diff.py --data ../shared/data \\
        --before components.companies.name_cuts=v2 --after components.companies.name_cuts=v3

Draws (seeded) up to ``--n`` CCTV 新闻联播 paragraphs and ``--n`` FinRE train sentences that
match ``--filter`` (default: a descriptor word before a legal suffix, the class name cuts v3
is about), runs the pipeline (relation model off) under each setting and prints every
paragraph whose COMPANY mentions differ, with the names only one side has. For judging by eye:
the counts of right and wrong changes go into docs/extraction.md; none of these paragraphs is
a gold passage's (CCTV items holding one are skipped; FinRE sentences never were). Skips with
one line where ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "realnews"))
sys.dont_write_bytecode = True

DESCRIPTOR_BEFORE_SUFFIX = r"(?:企业|巨头|龙头|厂商|车企|药企|房企)[\u4e00-\u9fff]{2,20}(?:有限公司|集团|公司)"


def paragraphs(data: Path, pattern: re.Pattern, n: int, seed: int) -> list[str]:
    from passages import cctv_outside_gold

    cctv = [piece for _, piece in cctv_outside_gold(data) if pattern.search(piece)]
    rows = json.loads((data / "bbt_fincuge" / "finre" / "train_list.json").read_text(encoding="utf-8"))
    finre = sorted({row[3] for row in rows if pattern.search(row[3])})
    random.Random(seed).shuffle(cctv)
    random.Random(seed).shuffle(finre)
    return cctv[:n] + finre[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--before", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--after", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--filter", default=DESCRIPTOR_BEFORE_SUFFIX)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    if not (args.data / "cctv_xinwenlianbo").is_dir() or not (args.data / "bbt_fincuge" / "finre").is_dir():
        print(f"skipped: {args.data} holds no cctv_xinwenlianbo or bbt_fincuge/finre (the shared data is absent)")
        return 0
    from chainkg.contract.text import normalize
    from chainkg.extract.pipeline import build_pipeline, config_setting

    off = (("components.relation_model.enabled", False),)
    before = build_pipeline(overrides=off + tuple(config_setting(s) for s in args.before))
    after = build_pipeline(overrides=off + tuple(config_setting(s) for s in args.after))
    texts = [normalize(t)[0] for t in paragraphs(args.data, re.compile(args.filter), args.n, args.seed)]
    changed = 0
    for text in texts:
        one = {e.text for e in before(text).ents if e.label_ == "COMPANY"}
        two = {e.text for e in after(text).ents if e.label_ == "COMPANY"}
        if one != two:
            changed += 1
            print(f"before: {sorted(one - two)} | after: {sorted(two - one)}\n    {text[:160]}")
    print(f"{changed} of {len(texts)} paragraphs read differently")
    return 0


if __name__ == "__main__":
    sys.exit(main())
