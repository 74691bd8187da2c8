"""The real-news passages of the gold set: how they were drawn, and their text from ../shared.

The repository keeps passage ids and offsets, never the text: each id names a record of a
dataset under ../shared/data, and ``passage_text`` reads it from there. Stdlib only, so the
sampling and annotation tools run without the package installed.

Sampling rule (it uses keywords and a seeded draw, never the extractor):

* pools, with one keyword filter: a passage must hold at least two distinct keywords of
  ``KEYWORDS``, a company marker (``ORG_MARKERS``) and be 40-700 characters long;
  - ``cctv``: each paragraph (a line of an item's text) of cctv_xinwenlianbo/xwlb_items.jsonl,
    which must also hold a quantity marker (``QUANTITY_MARKERS``): most 新闻联播 paragraphs
    that name a project are policy talk otherwise;
  - ``finna``: the news text of bbt_fincuge/finna eval_list.json and problem_list.json;
  - ``finnl``: the news text of bbt_fincuge/finnl train, eval and problem lists;
  texts already taken from an earlier pool (finnl repeats some finna news) are dropped;
* each pool is shuffled with ``random.Random(SEED + pool index)``; the passages are the first
  ``DRAW[pool]`` of that order (drawing more later keeps the earlier ones);
* the split alternates along each pool's order: even positions ``dev``, odd ``test``;
* a later extension (``EXTEND``, drawn 2026-12-02 after the fifth release's test scoring) takes
  the next positions of the same orders, all ``dev``: news the rules were not read from, annotated
  blind like the rest, scored once with the release it was drawn after, then a part of dev. The
  test half stays as it was, so its figures compare across releases.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

KEYWORDS = ("项目", "投资", "投产", "开工", "签约", "生产", "产能", "合资", "收购", "供应")
ORG_MARKERS = re.compile(r"公司|集团|企业|股份|厂")
QUANTITY_MARKERS = re.compile(r"亿元|万吨|千瓦|GWh|吉瓦|兆瓦|万台|万辆|万套|亩|平方米")
MIN_LENGTH, MAX_LENGTH = 40, 700
SEED = 20261201
POOLS = ("cctv", "finna", "finnl")
DRAW = {"cctv": 190, "finna": 125, "finnl": 125}
EXTEND = {"cctv": 50, "finna": 25, "finnl": 25}


@dataclass(frozen=True)
class Passage:
    id: str          # cctv:<line>:<paragraph> | finna:<list>:<index> | finnl:<list>:<index>
    pool: str
    split: str       # dev | test
    start: int       # offsets of the passage in the record's text
    end: int
    sha1: str        # of the passage text, to notice a changed dataset
    text: str = ""

    def record(self) -> dict:
        return {"id": self.id, "pool": self.pool, "split": self.split, "start": self.start,
                "end": self.end, "sha1": self.sha1}


def _keyword_count(text: str) -> int:
    return sum(1 for keyword in KEYWORDS if keyword in text)


def qualifies(text: str, pool: str) -> bool:
    """The keyword filter of the sampling rule."""
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH or not ORG_MARKERS.search(text):
        return False
    if pool == "cctv" and not QUANTITY_MARKERS.search(text):
        return False
    return _keyword_count(text) >= 2


def _json_list(path: Path) -> list:
    return json.loads(path.read_text(encoding="utf-8"))


def _fin_text(item, pool: str) -> str:
    if isinstance(item, dict):
        return item.get("input", "")
    return item[1] if pool == "finna" else item[0]


def records(data: Path, pool: str):
    """(record id, text) of every record of a pool, in file order."""
    if pool == "cctv":
        with (data / "cctv_xinwenlianbo" / "xwlb_items.jsonl").open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                yield f"cctv:{number}", json.loads(line)["text"]
        return
    lists = ("eval", "problem") if pool == "finna" else ("train", "eval", "problem")
    for name in lists:
        for index, item in enumerate(_json_list(data / "bbt_fincuge" / pool / f"{name}_list.json")):
            yield f"{pool}:{name}:{index}", _fin_text(item, pool)


def _candidates(data: Path, pool: str, seen: set[str]) -> list[Passage]:
    found = []
    for record_id, text in records(data, pool):
        pieces = _paragraphs(text) if pool == "cctv" else [(0, len(text))]
        for number, (start, end) in enumerate(pieces):
            piece = text[start:end]
            if piece in seen or not qualifies(piece, pool):
                continue
            seen.add(piece)
            passage_id = f"{record_id}:{number}" if pool == "cctv" else record_id
            found.append(Passage(passage_id, pool, "", start, end, _sha1(piece), piece))
    return found


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def draw(data: Path, counts: dict[str, int] = DRAW, extend: dict[str, int] = EXTEND) -> list[Passage]:
    """The sampled passages, pool by pool, with their split: ``counts`` alternating dev and
    test, then ``extend`` more of the same order, all dev."""
    chosen, seen = [], set()
    for index, pool in enumerate(POOLS):
        candidates = _candidates(data, pool, seen)
        random.Random(SEED + index).shuffle(candidates)
        for position, passage in enumerate(candidates[: counts[pool] + extend.get(pool, 0)]):
            split = "dev" if position % 2 == 0 or position >= counts[pool] else "test"
            chosen.append(Passage(passage.id, pool, split, passage.start, passage.end,
                                  passage.sha1, passage.text))
    return chosen


def load_passages(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cctv_outside_gold(data: Path):
    """(id, paragraph) of every 新闻联播 paragraph (a line of an item's text) of the items that
    hold no gold passage, in file order; ids as the gold set's (cctv:<line>:<paragraph>)."""
    passages = load_passages(Path(__file__).resolve().parent / "passages.jsonl")
    gold_items = {p["id"].rsplit(":", 1)[0] for p in passages if p["pool"] == "cctv"}
    for record_id, text in records(data, "cctv"):
        if record_id not in gold_items:
            for index, piece in enumerate(text.split("\n")):
                yield f"{record_id}:{index}", piece


class MissingData(Exception):
    """The dataset a passage comes from is not at the given path."""


def resolve(data: Path, passages: list[dict]) -> dict[str, str]:
    """Passage id -> text, read from the datasets under ``data`` (checked against each sha1)."""
    wanted: dict[str, dict] = {p["id"]: p for p in passages}
    texts: dict[str, str] = {}
    for pool in sorted({p["pool"] for p in passages}):
        try:
            for record_id, text in records(data, pool):
                for passage_id in _ids_of(record_id, pool, wanted):
                    passage = wanted[passage_id]
                    texts[passage_id] = text[passage["start"]:passage["end"]]
        except FileNotFoundError as exc:
            raise MissingData(f"{exc.filename}: not found (pass the folder of ../shared/data)") from None
    for passage_id, passage in wanted.items():
        if passage_id not in texts or _sha1(texts[passage_id]) != passage["sha1"]:
            raise MissingData(f"{passage_id}: the dataset under {data} is not the one the gold set was drawn from")
    return texts


def _ids_of(record_id: str, pool: str, wanted: dict) -> list[str]:
    if pool != "cctv":
        return [record_id] if record_id in wanted else []
    prefix = record_id + ":"
    return [p for p in wanted if p.startswith(prefix)] if any(p.startswith(prefix) for p in wanted) else []
