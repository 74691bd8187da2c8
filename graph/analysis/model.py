"""The results of the analysis, as typed values: what the CLI, the app and the exports show.

Status and action are enums whose values are the English words the JSON output and the
docs use; their Chinese names are in contract/labels.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from chainkg.contract.errors import ChainkgError


class GapError(ChainkgError):
    """An unknown chain, region, segment or setting was asked for; the message lists what exists."""


class Status(StrEnum):
    """How present a segment is in a region."""

    MISSING = "missing"
    WEAK = "weak"
    PRESENT = "present"
    STRONG = "strong"


class Action(StrEnum):
    """What a region should do about a segment: 补链, 强链 or 延链."""

    FILL = "fill"
    STRENGTHEN = "strengthen"
    EXTEND = "extend"


@dataclass(frozen=True)
class GapConfig:
    """Every threshold and weight of the analysis; the defaults are documented in docs/gaps.md."""

    weak_max_companies: int = 1            # present with <= this many local companies -> weak
    strong_min_companies: int = 3          # >= this many local companies -> strong
    strong_min_investment_cny: float = 5e9  # or >= this much local project investment -> strong
    dominant_supplier_share: float = 0.6   # one supplier serves >= this share of local customers -> weak
    w_product: float = 0.4                 # weights of the recommendation score (sum to 1)
    w_scale: float = 0.2
    w_distance: float = 0.2
    w_ties: float = 0.1
    w_expansion: float = 0.1
    product_match_full: int = 2            # making this many products of the segment = full match
    scale_full_investment_cny: float = 1e10  # project investment that counts as full scale
    scale_listed: float = 0.5              # scale credit for a listed company
    distance_same_province: float = 1.0
    distance_neighbour: float = 0.6
    distance_other: float = 0.2
    distance_unknown: float = 0.1
    ties_full: int = 2                     # this many ties with local companies = full credit
    expansion_full: int = 2                # this many recent projects = full credit
    recent_years: int = 3                  # a project dated within this many years is recent
    max_evidence: int = 5                  # evidence sentences kept per recommendation
    min_revenue_share: float = 0.05        # a registry product under this share of revenue is no line of business
    include_pending: int = 1               # 1: count facts still waiting for review; 0: only reviewed or sure ones

    @classmethod
    def with_values(cls, values: dict[str, str]) -> GapConfig:
        """The defaults with some settings given as text: ``{"weak_max_companies": "2"}``."""
        fields = {f.name for f in dataclasses.fields(cls)}
        typed = {}
        for name, text in values.items():
            if name not in fields:
                raise GapError(f"unknown setting {name!r}; the settings are: {', '.join(sorted(fields))}")
            kind = int if isinstance(getattr(cls(), name), int) else float
            try:
                typed[name] = kind(text)
            except ValueError:
                raise GapError(f"setting {name} takes a number, not {text!r}") from None
        return cls(**typed)


@dataclass(frozen=True)
class EvidenceItem:
    """A sentence of a document that supports a fact, with its place in the document."""

    doc_id: str
    title: str
    sentence: str
    start: int = 0
    end: int = 0


@dataclass
class SegmentGap:
    """One segment of a chain in a region: presence, status, action and why."""

    segment: str
    name: str
    tier: str
    status: Status
    action: Action | None
    action_zh: str
    companies: list[str]
    projects: list[str]
    capacity: str | None
    investment_cny: float
    reason: str
    is_break: bool
    upstream: list[str]
    downstream: list[str]
    products: list[str] = field(default_factory=list)
    company_keys: list[str] = field(default_factory=list)
    dominant_supplier: str | None = None
    why_local: dict[str, str] = field(default_factory=dict)  # company name -> why it counts here


@dataclass
class ScorePart:
    """One part of a recommendation's score: its value in 0..1, its weight and why."""

    name: str
    value: float
    weight: float
    detail: str


@dataclass
class Recommendation:
    """A company outside the region to approach for a gap segment, with its score and evidence."""

    segment: str
    company: str
    company_key: str
    province: str | None
    city: str | None
    products: list[str]
    score: float
    parts: list[ScorePart]
    evidence: list[EvidenceItem]
    segment_name: str = ""
    action: Action | None = None
    other_segments: list[str] = field(default_factory=list)  # names of its other gap segments
    also_named: list[str] = field(default_factory=list)      # a same-named company folded into this row


@dataclass
class Leader:
    """A chain leader (链主): a company spanning many segments or carrying much investment."""

    company: str
    company_key: str
    segments: list[str]
    capacity: str | None
    local: bool
    score: float
    investment_cny: float = 0.0
    province: str | None = None
    segment_names: list[str] = field(default_factory=list)


@dataclass
class ChainMap:
    """A chain in a region: its gap rows upstream first and its FEEDS edges (segment keys)."""

    chain: str
    name: str
    region: str
    segments: list[SegmentGap]
    edges: list[tuple[str, str]]


@dataclass(frozen=True)
class SourceDocument:
    """A document a report cites: its id, title, date and kind of source."""

    doc_id: str
    title: str
    date: str | None = None
    source: str | None = None


@dataclass
class ChainReport:
    """Everything a briefing shows: the map, the top recommendations and the documents cited."""

    chain_map: ChainMap
    recommendations: list[Recommendation] = field(default_factory=list)
    sources: list[SourceDocument] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.chain_map.region}{self.chain_map.name}产业链招商简报"
