"""Relation precision and recall of the extraction pipeline against a hand-written gold file.

Gold format, one JSON object a line::

    {"doc": "../corpora/x.md", "relations": [{"source": "浙江巨化股份有限公司",
                                               "relation": "MAKES", "target": "无水氟化氢"}, ...]}

``doc`` is a path relative to the gold file's folder. A predicted
relation matches a gold one when the types are equal and both ends name the same thing:
names equal after ``normalise_name``, or one is an alias the document gives the other
(华友钴业 for 浙江华友钴业股份有限公司), or a region alias (桐乡 for 桐乡市), or, for products and
companies, one name contains the other (高纯硅烷 in 高纯硅烷气). Each gold relation matches at
most one prediction. PART_OF links (from the gazetteer, not the text) are not scored.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from chainkg.contract.errors import ChainkgError
from chainkg.contract.facts import RelationFact
from chainkg.contract.gazetteer import load_gazetteer
from chainkg.contract.keys import normalise_name
from chainkg.extract.pipeline import extract_paths

UNSCORED = {"PART_OF"}


class GoldFileError(ChainkgError):
    """The gold file is missing or a line does not follow the gold format."""


def evaluate_facts(gold_path: str | Path, *, nlp=None,
                   errors: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Per relation type ``{"p", "r", "f", "tp", "fp", "fn"}``, plus ``"ALL"`` micro-averaged.

    Runs the pipeline on every document the gold file names. When ``errors`` is a list, each
    false positive and false negative is appended to it as one readable line.
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc_path, gold in read_gold(gold_path):
        failures: list[str] = []
        facts = list(extract_paths([Path(gold_path).parent / doc_path], failures, nlp=nlp))
        if failures:
            raise GoldFileError(f"{gold_path}: cannot read {doc_path}: {failures[0]}")
        _score_document(facts, gold, counts, errors, doc_path)
    return _report(counts)


def read_gold(path: str | Path) -> list[tuple[str, list[dict]]]:
    """``(doc, relations)`` per line of the gold file; a bad line raises GoldFileError."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot read the gold file ({exc.strerror})") from None
    documents = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            relations = [{k: r[k] for k in ("source", "relation", "target")} for r in item["relations"]]
            documents.append((item["doc"], relations))
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldFileError(f"{path}:{number}: not a gold line ({exc})") from None
    return documents


def _score_document(facts: list, gold: list[dict], counts, errors, doc_path) -> None:
    names = _names_by_key(facts)
    predicted = {}
    for fact in facts:
        if isinstance(fact, RelationFact) and fact.type not in UNSCORED:
            predicted.setdefault((fact.type, fact.source.key, fact.target.key), fact)
    unmatched = list(gold)
    for relation in predicted.values():
        match = next((g for g in unmatched if _matches(relation, g, names)), None)
        counts[relation.type][0 if match else 1] += 1
        if match:
            unmatched.remove(match)
        elif errors is not None:
            errors.append(f"FP {doc_path}: {relation.source.name} {relation.type} {relation.target.name}"
                          f" [{relation.evidence.extractor}]")
    for missed in unmatched:
        counts[missed["relation"]][2] += 1
        if errors is not None:
            errors.append(f"FN {doc_path}: {missed['source']} {missed['relation']} {missed['target']}")


def _names_by_key(facts: list) -> dict[tuple[str, str], set[str]]:
    """Every name the document gives each entity (name and aliases), normalised."""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fact in facts:
        if hasattr(fact, "aliases") and hasattr(fact, "key"):
            label = fact.kind.capitalize()
            names[(label, fact.key)].update(normalise_name(n) for n in [fact.name, *fact.aliases])
        elif isinstance(fact, RelationFact):
            for end in (fact.source, fact.target):
                names[(end.label, end.key)].add(normalise_name(end.name))
    return names


def _matches(relation: RelationFact, gold: dict, names) -> bool:
    return relation.type == gold["relation"] \
        and _same(relation.source, gold["source"], names) \
        and _same(relation.target, gold["target"], names)


def _same(end, gold_name: str, names) -> bool:
    wanted = normalise_name(gold_name)
    known = names.get((end.label, end.key), set()) | {normalise_name(end.name)}
    if end.label == "Region":
        region = load_gazetteer().lookup(gold_name)
        return wanted in known or (region is not None and region.name == end.key)
    if wanted in known:
        return True
    if end.label in ("Product", "Company"):
        return any(len(n) >= 2 and (n in wanted or wanted in n) for n in known)
    return False


def _report(counts) -> dict[str, dict[str, float]]:
    report = {}
    total = [0, 0, 0]
    for relation, (tp, fp, fn) in sorted(counts.items()):
        report[relation] = _figures(tp, fp, fn)
        total = [a + b for a, b in zip(total, (tp, fp, fn))]
    report["ALL"] = _figures(*total)
    return report


def _figures(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


if __name__ == "__main__":  # pragma: no cover - a quick look without the CLI
    found_errors: list[str] = []
    scores = evaluate_facts(sys.argv[1] if len(sys.argv) > 1 else "tests/gold_facts.jsonl",
                            errors=found_errors)
    print("\n".join(sorted(found_errors)))
    print(json.dumps(scores, ensure_ascii=False))
