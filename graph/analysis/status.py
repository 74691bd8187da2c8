"""Chain-gap analysis: each segment's status in a region, and 补链 / 强链 / 延链.

Definitions (docs/gaps.md has the long form), over the presence of presence.py:

* status: ``missing`` (no company, no project); ``weak`` (at most ``weak_max_companies``
  companies, or one local supplier carries at least ``dominant_supplier_share`` of the local
  customers of S that are served by local suppliers); ``strong`` (at least
  ``strong_min_companies`` companies or ``strong_min_investment_cny`` invested); else present.
* action: a missing segment is filled (补链) and is a break (断点) when some segment
  upstream of it and some segment downstream of it are present; a missing segment that is not
  a break but one FEEDS hop from a strong segment is an extension (延链); a weak segment is
  strengthened (强链); the rest need nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainkg.contract.labels import action_zh
from chainkg.graph.analysis.chains import Chain, ChainSegment, TargetRegion, read_chain, read_place
from chainkg.graph.analysis.model import Action, ChainMap, GapConfig, SegmentGap, Status
from chainkg.graph.analysis.presence import Presence, dominant_supplier, read_presence, sum_capacity
from chainkg.graph.analysis.reasons import Neighbourhood, reason
from chainkg.graph.store import GraphStore


@dataclass
class ChainAnalysis:
    """The analysed chain, the region it was analysed for and one gap row a segment."""

    chain: Chain
    region: TargetRegion
    gaps: list[SegmentGap]

    @property
    def local_company_keys(self) -> set[str]:
        return {key for gap in self.gaps for key in gap.company_keys}


def analyse(store: GraphStore, chain: str, region: str, config: GapConfig = GapConfig()) -> ChainAnalysis:
    """The gap analysis of ``chain`` for ``region`` (sub-regions included)."""
    read = read_chain(store, chain)
    place = read_place(store, region)
    presence = read_presence(store, read.key, region, bool(config.include_pending))
    found = {s.key: presence.get(s.key, Presence()) for s in read.segments}
    statuses = {key: _status(p, config) for key, p in found.items()}
    by_key = read.by_key()
    gaps = [_gap_row(s, by_key, statuses, found[s.key], config) for s in read.segments]
    return ChainAnalysis(read, place, gaps)


def analyse_gaps(store: GraphStore, chain: str, region: str,
                 config: GapConfig = GapConfig()) -> list[SegmentGap]:
    """One row per segment of ``chain`` for ``region`` (sub-regions included), upstream first.

    >>> [g.action_zh for g in analyse_gaps(store, "lithium-battery", "衢州")]  # doctest: +SKIP
    ['', '补链', '强链', ...]
    """
    return analyse(store, chain, region, config).gaps


def chain_map(store: GraphStore, chain: str, region: str, config: GapConfig = GapConfig()) -> ChainMap:
    """The gap rows of a chain for a region plus its FEEDS edges, for drawing a chain map."""
    analysis = analyse(store, chain, region, config)
    by_key = analysis.chain.by_key()
    edges = [(s.short, by_key[t].short) for s in analysis.chain.segments for t in s.feeds]
    return ChainMap(analysis.chain.key, analysis.chain.name, region, analysis.gaps, edges)


def _status(presence: Presence, config: GapConfig) -> Status:
    count = len(presence.companies)
    if count == 0 and not presence.projects:
        return Status.MISSING
    if count <= config.weak_max_companies or dominant_supplier(presence, config):
        return Status.WEAK
    if count >= config.strong_min_companies or presence.investment_cny >= config.strong_min_investment_cny:
        return Status.STRONG
    return Status.PRESENT


def _gap_row(segment: ChainSegment, by_key: dict[str, ChainSegment], statuses: dict[str, Status],
             found: Presence, config: GapConfig) -> SegmentGap:
    status = statuses[segment.key]
    around = Neighbourhood(segment, by_key, statuses)
    is_break = status is Status.MISSING and around.is_break()
    strong = around.strong_neighbours()
    action = _action(status, is_break, strong)
    dominant = dominant_supplier(found, config) if status is Status.WEAK else None
    gap = SegmentGap(
        segment=segment.short, name=segment.name, tier=segment.tier, status=status,
        action=action, action_zh=action_zh(action), companies=sorted(found.companies.values()),
        projects=sorted({p["project"] for p in found.projects}),
        capacity=sum_capacity([p["capacity"] for p in found.projects]),
        investment_cny=found.investment_cny, reason="", is_break=is_break,
        upstream=[by_key[k].short for k in segment.fed_by],
        downstream=[by_key[k].short for k in segment.feeds], products=segment.products,
        company_keys=sorted(found.companies), dominant_supplier=dominant[0] if dominant else None,
        why_local={found.companies[k]: "，".join(dict.fromkeys(v)) for k, v in found.why.items()})
    gap.reason = reason(gap, around, dominant)
    return gap


def _action(status: Status, is_break: bool, strong_neighbours: list[ChainSegment]) -> Action | None:
    if status is Status.WEAK:
        return Action.STRENGTHEN
    if status is not Status.MISSING:
        return None
    if not is_break and strong_neighbours:
        return Action.EXTEND
    return Action.FILL
