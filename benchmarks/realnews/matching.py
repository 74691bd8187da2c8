"""Matching relations between two annotations of a passage, or an annotation and predictions.

A relation is (type, source, target) where each end is a set of mention spans with a label.
Two relations match when the types are equal and each end of one overlaps a mention of the
corresponding end of the other with the same label (PARTNERS_WITH is undirected). Each
reference relation matches at most one other relation. Stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass

SYMMETRIC = {"PARTNERS_WITH"}
TYPES = ("RUNS", "MAKES", "LOCATED_IN", "PARTNERS_WITH", "SUPPLIES", "INVESTS_IN", "SUBSIDIARY_OF")


@dataclass(frozen=True)
class End:
    label: str
    spans: tuple[tuple[int, int], ...]

    def overlaps(self, other: End) -> bool:
        return self.label == other.label and any(
            a < d and c < b for a, b in self.spans for c, d in other.spans)


@dataclass(frozen=True)
class Relation:
    type: str
    source: End
    target: End

    def matches(self, other: Relation) -> bool:
        if self.type != other.type:
            return False
        if self.source.overlaps(other.source) and self.target.overlaps(other.target):
            return True
        return self.type in SYMMETRIC and self.source.overlaps(other.target) \
            and self.target.overlaps(other.source)


def annotated_relations(item: dict) -> list[Relation]:
    """The relations of one gold line, each end with all the mentions of its entity."""
    ends = {e["id"]: End(e["label"], tuple(tuple(m) for m in e["mentions"])) for e in item["entities"]}
    return [Relation(r["type"], ends[r["source"]], ends[r["target"]]) for r in item["relations"]]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f": round(f, 3), "tp": self.tp,
                "fp": self.fp, "fn": self.fn}


def match(reference: list[Relation], other: list[Relation]) -> tuple[dict[str, Counts], list, list]:
    """Counts by type; the unmatched relations of ``other`` (false positives) and of ``reference``."""
    counts = {t: Counts() for t in TYPES}
    free = list(reference)
    extra = []
    for relation in other:
        hit = next((g for g in free if g.matches(relation)), None)
        if hit is None:
            counts[relation.type].fp += 1
            extra.append(relation)
        else:
            counts[relation.type].tp += 1
            free.remove(hit)
    for relation in free:
        counts[relation.type].fn += 1
    return counts, extra, free
