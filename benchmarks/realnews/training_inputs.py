"""What the relation model may learn from the gold set, and what its other data must avoid.

    python benchmarks/realnews/training_inputs.py --data ../shared/data --out build/relmodel

Writes into ``--out`` (a build folder, never the repository):

* ``dev.jsonl``: each dev passage with its text (from ../shared/data) and its annotation;
* ``exclude.json``: the CCTV items (line numbers) that hold any gold passage, dev or test,
  and the hashed text windows of every gold passage (chainkg.extract.relmodel.data
  ``text_windows``), so the weak labels and FinRE can drop any sentence that overlaps one.

The test half's texts are read only to hash them; nothing of them is printed or written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from passages import MissingData, load_passages, resolve  # noqa: E402

from chainkg.extract.relmodel.data import text_windows  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("build/relmodel"))
    args = parser.parse_args(argv)
    passages = load_passages(HERE / "passages.jsonl")
    try:
        texts = resolve(args.data, passages)
    except MissingData as missing:
        print(f"training_inputs: error: {missing}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    dev_gold = [json.loads(line) for line in (HERE / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    with (args.out / "dev.jsonl").open("w", encoding="utf-8") as handle:
        for item in dev_gold:
            line = {"passage": item["passage"], "text": texts[item["passage"]],
                    "entities": item["entities"], "relations": item["relations"]}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    windows = set()
    for text in texts.values():
        windows |= text_windows(text)
    items = sorted({int(p["id"].split(":")[1]) for p in passages if p["pool"] == "cctv"})
    (args.out / "exclude.json").write_text(json.dumps({"cctv_items": items, "windows": sorted(windows)}),
                                           encoding="utf-8")
    print(f"{len(dev_gold)} dev passages; excluded: {len(items)} CCTV items, {len(windows)} windows "
          f"of {len(texts)} gold passages (dev and test)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
