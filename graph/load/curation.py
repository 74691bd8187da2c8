"""What staff do with the review queue and the resolution report.

``decide`` records a decision and applies it at once: a confirmed merge joins the two
company nodes, a link or relation gets its review state on its relationships; later loads
apply the same decision. ``resolution_report`` lists what a person should look at: merges
pending, merges a rule made with less than full confidence, and company pairs whose names
look alike but that nothing merged or proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chainkg.graph.load.resolve import merge_statements
from chainkg.graph.load.reviews import decision_statements, merge_key, review_item, review_queue
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore

DOUBTFUL_BELOW = 0.95


def decide(store: GraphStore, key: str, status: str, by: str) -> dict:
    """Record ``status`` (confirmed, rejected, pending) for review item ``key`` by ``by``."""
    item = review_item(store, key)
    statements = decision_statements(key, status, by)
    if item["kind"] == "merge" and status == "confirmed":
        present = {row["key"] for row in read_rows(store, "load/companies_by_keys",
                                                    keys=[item["subject"], item["target"]])}
        if present == {item["subject"], item["target"]}:
            statements += merge_statements(item["subject"], item["target"])
    store.write(statements)
    return item


@dataclass
class ResolutionReport:
    pending: list[dict] = field(default_factory=list)      # proposed merges waiting for a decision
    doubtful: list[dict] = field(default_factory=list)     # merges a rule made, below full confidence
    lookalikes: list[dict] = field(default_factory=list)   # same name core and place, not merged


def resolution_report(store: GraphStore) -> ResolutionReport:
    """What to look at after loading: pending and doubtful merges, and look-alike companies."""
    merges = [r for r in review_queue(store, "") if r["kind"] == "merge"]
    proposed = {r["key"] for r in merges}
    lookalikes = [r for r in read_rows(store, "company_lookalikes")
                  if merge_key(r["a_key"], r["b_key"]) not in proposed]
    return ResolutionReport(
        pending=[r for r in merges if r["status"] == "pending"],
        doubtful=[r for r in merges if r["status"] == "auto" and (r["confidence"] or 0) < DOUBTFUL_BELOW],
        lookalikes=lookalikes)
