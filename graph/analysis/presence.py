"""What a region has of each segment of a chain: local companies, projects and suppliers.

Presence of segment S in region R (with its sub-regions): the companies located in R that
make a product of S, the companies running a project in R that makes one, those projects,
and the local supplier-customer links between companies of S and the rest of the chain.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from chainkg.graph.analysis.model import GapConfig
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


@dataclass
class Presence:
    """One segment's local companies (key -> name), projects and suppliers."""

    companies: dict[str, str] = field(default_factory=dict)
    why: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # key -> reasons
    projects: list[dict] = field(default_factory=list)
    suppliers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    supplier_names: dict[str, str] = field(default_factory=dict)

    @property
    def investment_cny(self) -> float:
        return sum(p["investment_cny"] or 0.0 for p in self.projects)


def read_presence(store: GraphStore, chain: str, region: str, pending: bool = True) -> dict[str, Presence]:
    """Presence by segment graph key; a segment with nothing local is absent from the dict.

    A company counts by its seat, or by a project it runs here, whatever its seat: the place of
    a project never moves its company's seat. ``pending=False`` leaves out facts under review.
    """
    found: dict[str, Presence] = defaultdict(Presence)
    for row in read_rows(store, "gap_local_companies", chain=chain, region=region, pending=pending):
        presence = found[row["segment_key"]]
        presence.companies[row["company_key"]] = row["company"]
        presence.why[row["company_key"]].append(f"位于{row['seat']}")
    for row in read_rows(store, "gap_local_projects", chain=chain, region=region, pending=pending):
        presence = found[row["segment_key"]]
        presence.projects.append(row)
        for key, name in zip(row["company_keys"], row["companies"]):
            presence.companies[key] = name
            presence.why[key].append(f"项目：{row['project']}（{row['place']}）")
    for row in read_rows(store, "gap_local_supplies", chain=chain, region=region):
        presence = found[row["supplier_segment"]]
        presence.suppliers[row["supplier_key"]].add(row["customer_key"])
        presence.supplier_names[row["supplier_key"]] = row["supplier"]
    return found


def dominant_supplier(presence: Presence, config: GapConfig) -> tuple[str, float] | None:
    """The local supplier serving at least the configured share of the served local customers."""
    customers = set().union(*presence.suppliers.values()) if presence.suppliers else set()
    if not customers:
        return None
    key, served = max(presence.suppliers.items(), key=lambda item: (len(item[1]), item[0]))
    share = len(served) / len(customers)
    if share >= config.dominant_supplier_share and len(presence.companies) > 1:
        return presence.supplier_names[key], share
    return None


_CAPACITY = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(万|亿)?\s*([^\s0-9,，;；、]+)")


def sum_capacity(texts: list[str | None]) -> str | None:
    """Add capacity texts by unit: ``["10万吨", "5万吨/年", "2GWh"]`` -> ``"15万吨；2GWh"``."""
    totals: dict[str, float] = {}
    for text in texts:
        match = _CAPACITY.search(text or "")
        if match:
            number, scale, unit = match.groups()
            value = float(number) * {"万": 1e4, "亿": 1e8}.get(scale or "", 1)
            unit = unit.removesuffix("/年")
            totals[unit] = totals.get(unit, 0.0) + value
    if not totals:
        return None
    return "；".join(_format_amount(value) + unit for unit, value in totals.items())


def _format_amount(value: float) -> str:
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if value >= size:
            return f"{value / size:g}{word}"
    return f"{value:g}"
