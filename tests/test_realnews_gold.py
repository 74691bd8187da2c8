"""The real-news gold set as the repository keeps it (benchmarks/realnews): ids, offsets and
labels, no text. Checked without ../shared: every annotated passage is a drawn passage of the
split its file says, each mention lies inside its passage, each relation joins declared
entities of the labels its type allows, and no passage is annotated in two files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REALNEWS = Path(__file__).resolve().parents[1] / "benchmarks" / "realnews"
sys.path.insert(0, str(REALNEWS))
from annotate import SIGNATURES  # noqa: E402  (the annotation tool's own table: stdlib only)

FILES = {"dev": "dev", "test": "test", "extension": "dev"}  # gold file -> the passages' split


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


PASSAGES = {p["id"]: p for p in _lines(REALNEWS / "passages.jsonl")}
GOLD = {name: _lines(REALNEWS / "gold" / f"{name}.jsonl") for name in FILES
        if (REALNEWS / "gold" / f"{name}.jsonl").is_file()}


def test_the_drawn_passages_hold_no_text_and_the_test_half_is_as_drawn():
    assert all(set(p) == {"id", "pool", "split", "start", "end", "sha1"} for p in PASSAGES.values())
    assert sum(p["split"] == "test" for p in PASSAGES.values()) == len(GOLD["test"]) == 219


@pytest.mark.parametrize("name", sorted(GOLD))
def test_each_annotation_is_of_a_drawn_passage_with_ends_inside_it(name):
    for item in GOLD[name]:
        passage = PASSAGES[item["passage"]]
        assert passage["split"] == FILES[name], item["passage"]
        length = passage["end"] - passage["start"]
        labels = {}
        for entity in item["entities"]:
            labels[entity["id"]] = entity["label"]
            assert entity["mentions"], (item["passage"], entity["id"])
            assert all(0 <= start < end <= length for start, end in entity["mentions"]), item["passage"]
        for relation in item["relations"]:
            sources, targets = SIGNATURES[relation["type"]]
            assert labels[relation["source"]] in sources and labels[relation["target"]] in targets, \
                (item["passage"], relation)


def test_no_passage_is_annotated_twice():
    ids = [item["passage"] for items in GOLD.values() for item in items]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", ["second_pass", "second_pass_extension"])
def test_a_second_pass_covers_passages_of_the_first(name):
    second = _lines(REALNEWS / "gold" / f"{name}.jsonl")
    first = {item["passage"] for items in GOLD.values() for item in items}
    assert len(second) == 20 and {item["passage"] for item in second} <= first
