"""Draw the real-news gold passages (rule: benchmarks/realnews/passages.py) and write their ids.

    python benchmarks/realnews/sample.py --data ../shared/data [--show]

Writes benchmarks/realnews/passages.jsonl: id, pool, split, offsets and a hash, no text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True
from passages import DRAW, draw  # noqa: E402  (a script beside its module, stdlib only)

HERE = Path(__file__).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the ../shared/data folder")
    parser.add_argument("--out", type=Path, default=HERE / "passages.jsonl")
    parser.add_argument("--show", action="store_true", help="also print each passage's text")
    args = parser.parse_args()
    passages = draw(args.data)
    with args.out.open("w", encoding="utf-8") as handle:
        for passage in passages:
            handle.write(json.dumps(passage.record(), ensure_ascii=False) + "\n")
            if args.show:
                print(f"== {passage.id} ({passage.split})\n{passage.text}\n")
    counts = {pool: sum(p.pool == pool for p in passages) for pool in DRAW}
    print(f"{len(passages)} passages written to {args.out}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
