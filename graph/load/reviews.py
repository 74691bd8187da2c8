"""The review queue: what the loader was not sure of, and what staff decided about it.

Three kinds of item, each a ``Review`` node keyed by what it is about:

- ``merge:<a>|<b>``: two company nodes that may be one company (a merge a rule made is
  recorded too, with status ``auto``, so every merge has its reason);
- ``link:<product>-><template product>``: a product name put on a template product by a
  rule that is not sure enough to count without a look;
- ``relation:<type>:<source>-><target>``: a relation extracted with low confidence.

A link or relation under review is written like any other, with ``review_key`` and
``review`` (pending, confirmed, rejected) on the relationship: the analysis leaves out
rejected ones always and pending ones when asked to. A decision is stored with who made
it and when, stamped on the relationships at once, and applied by every later load, so it
survives re-ingest and reload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

from chainkg.contract.errors import ChainkgError
from chainkg.graph.queries import read_rows, statement
from chainkg.graph.store import GraphStore, Statement

Kind = Literal["merge", "link", "relation"]
Status = Literal["pending", "confirmed", "rejected", "auto"]
DECISIONS = ("confirmed", "rejected", "pending")
# A relation extracted with less confidence than this waits for review.
REVIEW_RELATIONS_BELOW = 0.7


class ReviewError(ChainkgError):
    """An unknown review item, or a decision that is not one of confirmed, rejected, pending."""


def merge_key(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"merge:{first}|{second}"


def link_key(product: str, template: str) -> str:
    return f"link:{product}->{template}"


def relation_key(type_: str, source: str, target: str) -> str:
    return f"relation:{type_}:{source}->{target}"


@dataclass(frozen=True)
class ReviewItem:
    """A proposal for the queue (or the record of a merge a rule made).

    ``subject`` and ``target`` are node keys: for a merge, the node that would be merged away
    and the one it would go into; for a link, the product named and the template product; for
    a relation, its two ends. Their names are kept beside them for people to read.
    """

    key: str
    kind: Kind
    subject: str
    target: str
    subject_name: str
    target_name: str
    reason: str
    confidence: float
    status: Status = "pending"
    doc_id: str = ""

    def row(self) -> dict:
        return {"key": self.key, "props": {
            "kind": self.kind, "subject": self.subject, "target": self.target,
            "subject_name": self.subject_name, "target_name": self.target_name,
            "reason": self.reason, "confidence": round(self.confidence, 3),
            "status": self.status, "doc_id": self.doc_id}}


@dataclass
class Decisions:
    """What staff decided, by review key."""

    status: dict[str, str] = field(default_factory=dict)
    _partners: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def read(cls, store: GraphStore) -> Decisions:
        return cls({row["key"]: row["status"] for row in read_rows(store, "load/review_decisions")})

    def of(self, key: str) -> str | None:
        return self.status.get(key)

    def rejected(self, key: str) -> bool:
        return self.status.get(key) == "rejected"

    def confirmed(self, key: str) -> bool:
        return self.status.get(key) == "confirmed"

    def confirmed_partners(self, company: str) -> list[str]:
        """The companies a confirmed merge joins ``company`` with."""
        if self._partners is None:
            self._partners = {}
            for key, status in self.status.items():
                if status == "confirmed" and key.startswith("merge:"):
                    a, _, b = key[len("merge:"):].partition("|")
                    self._partners.setdefault(a, []).append(b)
                    self._partners.setdefault(b, []).append(a)
        return sorted(self._partners.get(company, []))


def propose_statements(items: list[ReviewItem]) -> list[Statement]:
    """Statements recording ``items`` (a decided item keeps its decision)."""
    if not items:
        return []
    unique = {item.key: item for item in items}
    return [(statement("load/propose_reviews").body,
             {"rows": [item.row() for item in unique.values()], "at": _now()})]


def review_queue(store: GraphStore, status: str = "pending") -> list[dict]:
    """The review items in ``status`` ('' for all), most doubtful first."""
    return read_rows(store, "review_queue", status=status)


def review_item(store: GraphStore, key: str) -> dict:
    """The review item ``key``; ReviewError when there is none."""
    found = read_rows(store, "load/review_item", key=key)
    if not found:
        raise ReviewError(f"no review item {key!r}")
    return found[0]


def decision_statements(key: str, status: str, by: str) -> list[Statement]:
    """Statements recording ``status`` for item ``key`` by ``by`` and stamping its relationships."""
    if status not in DECISIONS:
        raise ReviewError(f"a decision is one of {', '.join(DECISIONS)}, not {status!r}")
    if not by.strip():
        raise ReviewError("a decision needs the name of who made it")
    return [(statement("load/decide_review").body, {"key": key, "status": status, "by": by.strip(), "at": _now()}),
            (statement("load/stamp_review").body, {"key": key, "status": status})]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
