"""Tools for annotating the real-news gold set by hand (guide: docs/annotation.md).

    python benchmarks/realnews/annotate.py show --data ../shared/data ID [ID ...]
    python benchmarks/realnews/annotate.py convert --data ../shared/data WORK.jsonl -o GOLD.jsonl

``show`` prints passages with a ruler of character offsets. ``convert`` reads an annotator's
working file, where mentions are written as text (``"华友钴业"`` is its first occurrence,
``["华友钴业", 2]`` the second), checks every label, relation type and end, and writes the
gold form the repository keeps: offsets and labels, no text. Stdlib only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True
from passages import MissingData, load_passages, resolve  # noqa: E402

HERE = Path(__file__).parent
LABELS = ("COMPANY", "PROJECT", "PRODUCT", "REGION")
SIGNATURES = {
    "RUNS": ({"COMPANY"}, {"PROJECT"}),
    "MAKES": ({"COMPANY", "PROJECT"}, {"PRODUCT"}),
    "LOCATED_IN": ({"COMPANY", "PROJECT"}, {"REGION"}),
    "PARTNERS_WITH": ({"COMPANY"}, {"COMPANY"}),
    "SUPPLIES": ({"COMPANY"}, {"COMPANY"}),
    "INVESTS_IN": ({"COMPANY"}, {"COMPANY"}),
    "SUBSIDIARY_OF": ({"COMPANY"}, {"COMPANY"}),
}
SYMMETRIC = {"PARTNERS_WITH"}


class BadAnnotation(Exception):
    pass


def _mention_span(text: str, mention, where: str) -> list[int]:
    surface, occurrence = (mention, 1) if isinstance(mention, str) else (mention[0], int(mention[1]))
    start = -1
    for _ in range(occurrence):
        start = text.find(surface, start + 1)
        if start < 0:
            raise BadAnnotation(f"{where}: mention {surface!r} (occurrence {occurrence}) is not in the text")
    return [start, start + len(surface)]


def convert_one(item: dict, text: str) -> dict:
    """One working annotation as gold: mentions as offsets, relations checked and de-duplicated."""
    where = item.get("passage", "?")
    entities, labels = [], {}
    for entity in item.get("entities", []):
        name, label = entity.get("id"), entity.get("label")
        if label not in LABELS:
            raise BadAnnotation(f"{where}: entity {name}: label {label!r} is not one of {LABELS}")
        if name in labels:
            raise BadAnnotation(f"{where}: entity id {name!r} used twice")
        if not entity.get("mentions"):
            raise BadAnnotation(f"{where}: entity {name} has no mention")
        spans = [_mention_span(text, m, f"{where}: entity {name}") for m in entity["mentions"]]
        labels[name] = label
        entities.append({"id": name, "label": label, "mentions": sorted(map(list, {tuple(s) for s in spans}))})
    relations, seen = [], set()
    for relation in item.get("relations", []):
        kind, source, target = relation
        if kind not in SIGNATURES:
            raise BadAnnotation(f"{where}: relation type {kind!r} is not one of {tuple(SIGNATURES)}")
        for end in (source, target):
            if end not in labels:
                raise BadAnnotation(f"{where}: {kind} names entity {end!r}, which is not declared")
        sources, targets = SIGNATURES[kind]
        if labels[source] not in sources or labels[target] not in targets:
            raise BadAnnotation(f"{where}: {kind} cannot join {labels[source]} {source} to {labels[target]} {target}")
        if source == target:
            raise BadAnnotation(f"{where}: {kind} joins {source} to itself")
        key = (kind, *sorted((source, target))) if kind in SYMMETRIC else (kind, source, target)
        if key not in seen:
            seen.add(key)
            relations.append({"type": kind, "source": source, "target": target})
    return {"passage": where, "annotator": item.get("annotator", ""), "entities": entities,
            "relations": relations}


def _read_jsonl(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise BadAnnotation(f"{path}:{number}: not JSON ({exc.msg})") from None
    return items


def show(data: Path, ids: list[str], passages: list[dict]) -> None:
    by_id = {p["id"]: p for p in passages}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise BadAnnotation(f"not passages of the gold set: {', '.join(unknown)}")
    texts = resolve(data, [by_id[i] for i in ids])
    for passage_id in ids:
        text = texts[passage_id]
        print(f"== {passage_id} ({by_id[passage_id]['split']}, {len(text)} chars)")
        for start in range(0, len(text), 50):
            print(f"{start:4d} {text[start:start + 50]}")
        print()


def convert(data: Path, work: Path, out: Path, passages: list[dict]) -> int:
    items = _read_jsonl(work)
    by_id = {p["id"]: p for p in passages}
    unknown = [i["passage"] for i in items if i.get("passage") not in by_id]
    if unknown:
        raise BadAnnotation(f"{work}: not passages of the gold set: {', '.join(map(str, unknown))}")
    texts = resolve(data, [by_id[i["passage"]] for i in items])
    gold = [convert_one(item, texts[item["passage"]]) for item in items]
    with out.open("w", encoding="utf-8") as handle:
        for item in gold:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    relations = sum(len(g["relations"]) for g in gold)
    print(f"{len(gold)} passages, {sum(len(g['entities']) for g in gold)} entities, "
          f"{relations} relations written to {out}", file=sys.stderr)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("show", "convert"))
    parser.add_argument("args", nargs="+", help="passage ids (show) or the working file (convert)")
    parser.add_argument("--data", type=Path, required=True, help="the ../shared/data folder")
    parser.add_argument("--passages", type=Path, default=HERE / "passages.jsonl")
    parser.add_argument("-o", "--out", type=Path)
    args = parser.parse_args()
    try:
        passages = load_passages(args.passages)
        if args.command == "show":
            show(args.data, args.args, passages)
            return 0
        if not args.out:
            parser.error("convert needs -o GOLD.jsonl")
        return convert(args.data, Path(args.args[0]), args.out, passages)
    except (BadAnnotation, MissingData) as exc:
        print(f"annotate: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
