"""Held-out checks for products, MAKES and LOCATED_IN that are not the real-news dev half.

    python benchmarks/makes_heldout.py boson --data ../shared/data [--set KEY=VALUE ...]
    python benchmarks/makes_heldout.py audit --data ../shared/data [--pool cctv|finnl|finna|profiles] [--set KEY=VALUE ...]
        [--limit 200] [--sample 60] [--relation MAKES|LOCATED_IN|RUNS] [--against KEY=VALUE ...]

``boson``: PRODUCT mentions of the whole pipeline (doc.ents labelled PRODUCT or SEGMENT)
against the ``product_name`` spans of the Boson lines the NER never trained on (the ``test``
split that extract/ner/data.py ``split_of`` derives; the shipped NER was trained on ``train``
and ``dev``, models/ner/metrics.json). Prints precision and recall with exact spans and with overlapping spans. Boson
marks brands and models (a car model, a phone) as much as kinds of product, so its recall is
a floor; the figure compares two settings, it is not a target.

``audit``: a precision check by eye on news no gold passage comes from. ``--pool cctv``:
新闻联播 paragraphs that name an enterprise (the gold set's ``ORG_MARKERS``) and a production
word (``PRODUCTION_WORDS``), 40-700 characters long, every item that holds a gold passage
skipped whole. ``--pool finnl``: FinNL train records with the same filter that share no
20-character window with any gold passage (finnl repeats finna news). ``--pool finna``: the
FinNA records with the same filter that share no such window (the gold set drew some of them). A seeded draw keeps
``--limit`` of them; the pipeline runs on each (relation model off: MAKES is rules-only in the
shipped config) and a seeded sample of ``--sample`` of the MAKES it finds is printed with its
sentence, for judging with docs/annotation.md. The judgements are written down as counts in
docs/extraction.md, not kept here.

``--pool profiles``: company profiles (the SmoothNLP 工商 records' 公司介绍) with a production
word, 40-700 characters long, sharing no 20-character window with a gold passage: they say a
line of business (主要从事…的研发、生产和销售) in nearly every record, as news seldom does, so
they read the precision of the rules for it.

``--relation LOCATED_IN``: the same audit for places. The paragraphs are those that name an
enterprise and a place cue (``PLACE_WORDS``: 位于, 落户, 总部, 项目, 基地 ...) instead of a
production word, drawn with the same seed, and the pipeline runs as shipped (LOCATED_IN on
the rules since the fifth release; ``--set components.relation_model.modes.LOCATED_IN=union``
for the model's places as well). Each printed line gives the extractor, so a pair the model
added shows as ``relation_model``.

``--relation RUNS``: paragraphs that name an enterprise and a project or its building
(``PROJECT_WORDS``), relation model off (RUNS is ``rules`` in the shipped config).
``--against KEY=VALUE`` (repeatable) runs the pipeline a second time with those settings and
samples only the relations the ``--set`` settings add to it: a new rule's own output.

``--seed`` draws other paragraphs (and another sample), for a check that no rule was read from.

``--set components.products.heads=v1`` (and any other config key) measures a setting against
another. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "realnews"
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from passages import (  # noqa: E402
    MAX_LENGTH,
    MIN_LENGTH,
    ORG_MARKERS,
    MissingData,
    cctv_outside_gold,
    load_passages,
    records,
    resolve,
)

from chainkg.extract.pipeline import build_pipeline, config_setting  # noqa: E402

PRODUCT_LABELS = ("PRODUCT", "SEGMENT")
AUDIT_SEED = 20261202
# The audit's filter: a paragraph that names an enterprise and production, so MAKES can be said
# in it (the gold set's own filter, with its quantity marker, leaves few paragraphs outside it).
PRODUCTION_WORDS = re.compile(r"生产|产能|投产|年产|主营|制造|量产|产品")
# The LOCATED_IN audit's filter: a paragraph that names an enterprise and a cue of a place of a
# company or a project (a seat, a plant, a project), so LOCATED_IN can be said in it.
PLACE_WORDS = re.compile(r"位于|落户|落地|坐落|选址|总部|项目|基地|工厂|园区|签约|开工|投产")
# The RUNS audit's filter: a paragraph that names an enterprise and a project or its building.
PROJECT_WORDS = re.compile(r"项目|工厂|基地|生产线|产线|开工|投产|建设|投建")
CUES = {"MAKES": PRODUCTION_WORDS, "LOCATED_IN": PLACE_WORDS, "RUNS": PROJECT_WORDS}


def _audited(text: str, cue: re.Pattern = PRODUCTION_WORDS) -> bool:
    return MIN_LENGTH <= len(text) <= MAX_LENGTH and bool(ORG_MARKERS.search(text)) \
        and bool(cue.search(text))


def _overrides(settings: list[str], relation: str = "MAKES") -> tuple:
    # MAKES and RUNS are audited with the model off, LOCATED_IN as shipped (every type on rules
    # now; --set components.relation_model.modes.LOCATED_IN=union audits the model's places)
    pairs = [("components.relation_model.enabled", False)] if relation in ("MAKES", "RUNS") else []
    return tuple(pairs + [config_setting(setting) for setting in settings])


def _pipeline(settings: list[str], relation: str = "MAKES"):
    return build_pipeline(overrides=_overrides(settings, relation))


def boson(data: Path, settings: list[str]) -> int:
    from chainkg.extract.ner.data import BOSON_LABELS, read_split
    path = data / "boson_ner" / "boson_train.jsonl"
    if not path.is_file():
        print(f"skipped: {path} not found")
        return 0
    records = [r for r in read_split(path, BOSON_LABELS, "test") if r.text.strip()]
    nlp = _pipeline(settings)
    gold = predicted = exact = overlap_p = overlap_r = 0
    for record, doc in zip(records, nlp.pipe(r.text for r in records)):
        wanted = [(a, b) for a, b, label in record.spans if label == "PRODUCT"]
        found = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in PRODUCT_LABELS]
        gold += len(wanted)
        predicted += len(found)
        exact += len(set(wanted) & set(found))
        overlap_p += sum(any(a < d and c < b for c, d in wanted) for a, b in found)
        overlap_r += sum(any(c < b and a < d for c, d in found) for a, b in wanted)
    print(f"Boson test split: {len(records)} texts, {gold} product_name spans, {predicted} predicted")
    print(f"exact    P {exact / max(predicted, 1):.3f}  R {exact / max(gold, 1):.3f}")
    print(f"overlap  P {overlap_p / max(predicted, 1):.3f}  R {overlap_r / max(gold, 1):.3f}")
    return 0


def held_out_paragraphs(data: Path, limit: int, cue: re.Pattern = PRODUCTION_WORDS,
                        seed: int = AUDIT_SEED) -> list[tuple[str, str]]:
    """(id, text) of ``limit`` 新闻联播 paragraphs of items that hold no gold passage."""
    found = [(pid, piece) for pid, piece in cctv_outside_gold(data) if _audited(piece, cue)]
    random.Random(seed).shuffle(found)
    return found[:limit]


WINDOW = 20


def _windows(text: str) -> list[str]:
    """Every ``WINDOW``-character stretch of ``text`` (the text itself when shorter)."""
    return [text[i:i + WINDOW] for i in range(max(1, len(text) - WINDOW + 1))]


def _gold_windows(data: Path) -> set[str]:
    passages = load_passages(HERE / "passages.jsonl")
    return {window for text in resolve(data, passages).values() for window in _windows(text)}


def held_out_profiles(data: Path, limit: int, cue: re.Pattern = PRODUCTION_WORDS,
                      seed: int = AUDIT_SEED) -> list[tuple[str, str]]:
    """(id, text) of ``limit`` company profiles (SmoothNLP 工商 records' 公司介绍) naming a
    production word, 40-700 characters long, sharing no 20-character window with any gold
    passage: the phrasing of a line of business (主要从事…的研发、生产和销售) that news seldom uses."""
    path = data / "smoothnlp_financial" / "gongshang10k.jsonl"
    windows, seen, found = _gold_windows(data), set(), []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            text = (json.loads(line).get("公司介绍") or "").strip()
            if text in seen or not (MIN_LENGTH <= len(text) <= MAX_LENGTH and cue.search(text)):
                continue
            seen.add(text)
            if not any(window in windows for window in _windows(text)):
                found.append((f"gongshang:{number}", text))
    random.Random(seed).shuffle(found)
    return found[:limit]


def held_out_finnl(data: Path, limit: int, cue: re.Pattern = PRODUCTION_WORDS,
                   seed: int = AUDIT_SEED, pool: str = "finnl") -> list[tuple[str, str]]:
    """(id, text) of ``limit`` FinNL train records that share no 20-character window with any
    gold passage (finnl repeats finna news, so ids alone do not exclude them); with ``pool``
    finna, the FinNA records that share none (the gold set drew only some of them)."""
    windows = _gold_windows(data)
    found = []
    for record_id, text in records(data, pool):
        if pool == "finnl" and not record_id.startswith("finnl:train:") or not _audited(text, cue):
            continue
        if any(window in windows for window in _windows(text)):
            continue
        found.append((record_id, text))
    random.Random(seed).shuffle(found)
    return found[:limit]


def _found(paragraphs: list[tuple[str, str]], settings: list[str], relation_type: str) -> list[tuple]:
    """(id, source, target, extractor, sentence) of each ``relation_type`` the pipeline finds."""
    nlp = _pipeline(settings, relation_type)
    found = []
    for (pid, text), doc in zip(paragraphs, nlp.pipe(t for _, t in paragraphs)):
        for relation in doc._.relations:
            if relation.type == relation_type:
                start, end = relation.sentence
                found.append((pid, relation.source.name, relation.target.name, relation.extractor,
                              text[start:end]))
    return found


def audit(data: Path, settings: list[str], limit: int, sample: int, pool: str = "cctv",
          relation_type: str = "MAKES", seed: int = AUDIT_SEED, against: list[str] | None = None) -> int:
    cue = CUES[relation_type]
    try:
        if pool == "cctv":
            paragraphs = held_out_paragraphs(data, limit, cue, seed)
        elif pool == "profiles":
            paragraphs = held_out_profiles(data, limit, cue, seed)
        else:
            paragraphs = held_out_finnl(data, limit, cue, seed, pool)
    except (FileNotFoundError, MissingData) as missing:
        print(f"skipped: {missing}")
        return 0
    makes = _found(paragraphs, settings, relation_type)  # the relations of the audited type
    if against is not None:  # only what ``settings`` add to the ``against`` settings
        before = {found[:3] for found in _found(paragraphs, against, relation_type)}
        makes = [found for found in makes if found[:3] not in before]
    chosen = sorted(random.Random(seed).sample(range(len(makes)), min(sample, len(makes))))
    for number, index in enumerate(chosen, 1):
        pid, source, target, extractor, sentence = makes[index]
        print(f"{number:>3} {pid} {source} {relation_type} {target} ({extractor})\n      {sentence}")
    added = " added" if against is not None else ""
    print(f"\n{len(paragraphs)} paragraphs, {len(makes)} {relation_type}{added}, {len(chosen)} sampled")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", choices=("boson", "audit"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--set", dest="settings", action="append", default=[],
                        help="a config override KEY=VALUE, e.g. components.products.heads=v1")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--pool", choices=("cctv", "finnl", "finna", "profiles"), default="cctv",
                        help="audit: 新闻联播 paragraphs, FinNL train records, FinNA records (financial news) "
                             "or company profiles (SmoothNLP)")
    parser.add_argument("--relation", choices=tuple(CUES), default="MAKES",
                        help="audit: the relation type sampled (LOCATED_IN: paragraphs with a place cue)")
    parser.add_argument("--against", action="append", default=None, metavar="KEY=VALUE",
                        help="audit: print only the relations --set adds to these settings (repeatable; "
                             "--against components.relations.sole_company=false)")
    parser.add_argument("--seed", type=int, default=AUDIT_SEED,
                        help="audit: another draw of paragraphs (a check no rule was read from)")
    args = parser.parse_args(argv)
    if args.check == "boson":
        return boson(args.data, args.settings)
    return audit(args.data, args.settings, args.limit, args.sample, args.pool, args.relation, args.seed,
                 args.against)


if __name__ == "__main__":
    sys.exit(main())
