"""The chains and regions the graph holds, and one chain's segments in upstream-to-downstream order."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from chainkg.contract.keys import segment_short_key
from chainkg.contract.templates import TIERS
from chainkg.graph.analysis.model import GapError
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


@dataclass
class ChainSegment:
    """A segment as the graph holds it, with its FEEDS neighbours (graph keys)."""

    key: str            # graph key, lithium-battery/cathode
    short: str          # template key, cathode
    name: str
    tier: str
    position: int
    feeds: list[str]
    products: list[str]
    fed_by: list[str] = field(default_factory=list)


@dataclass
class Chain:
    """A chain's key and name and its segments, upstream first."""

    key: str
    name: str
    segments: list[ChainSegment]

    def by_key(self) -> dict[str, ChainSegment]:
        return {s.key: s for s in self.segments}


@dataclass(frozen=True)
class TargetRegion:
    """The region an analysis is for: its official name and its province."""

    name: str
    province: str | None


def list_chains(store: GraphStore) -> list[dict]:
    """Every chain in the store: ``[{"key", "name", "segments", "aliases"}]``."""
    return [{"key": r["key"], "name": r["name"], "segments": r["segments"],
             "aliases": r.get("aliases") or []} for r in read_rows(store, "list_chains")]


def list_regions(store: GraphStore) -> list[dict]:
    """Every region in the store: ``[{"name", "level", "parent"}]``."""
    return [{"name": r["name"], "level": r["level"], "parent": (r["parent"] or [None])[0]}
            for r in read_rows(store, "list_regions")]


def read_chain(store: GraphStore, chain: str) -> Chain:
    """The chain with key ``chain``; GapError naming the chains the graph has when it has none such."""
    found = read_rows(store, "chain_segments", chain=chain)
    if not found:
        known = ", ".join(c["key"] for c in list_chains(store)) or "none (load the chain templates first)"
        raise GapError(f"unknown chain {chain!r}; the graph has: {known}")
    segments = {r["segment_key"]: ChainSegment(
        r["segment_key"], segment_short_key(r["segment_key"]), r["name"], r["tier"],
        r["position"] if r["position"] is not None else 999, sorted(r["feeds"]),
        sorted(r["products"])) for r in found}
    for segment in segments.values():
        for target in segment.feeds:
            segments[target].fed_by.append(segment.key)
    return Chain(found[0]["chain"], found[0]["chain_name"], _ordered(segments))


def _ordered(segments: dict[str, ChainSegment]) -> list[ChainSegment]:
    """Upstream to downstream: a topological order of FEEDS, ties by tier then file position."""
    waiting = {key: len(s.fed_by) for key, s in segments.items()}
    ready = [s for s in segments.values() if not s.fed_by]
    order: list[ChainSegment] = []
    while ready:
        ready.sort(key=lambda s: (_tier_rank(s.tier), s.position))
        current = ready.pop(0)
        order.append(current)
        for target in current.feeds:
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(segments[target])
    return order + [s for s in segments.values() if s not in order]  # a cycle cannot load


def _tier_rank(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else 1


def read_place(store: GraphStore, region: str) -> TargetRegion:
    """The region a name stands for; GapError naming the closest known regions when none."""
    found = read_rows(store, "region_match", region=region)
    if not found:
        raise GapError(_unknown_region_message(store, region))
    provinces = [p for r in found for p in (r["province"] or [])]
    return TargetRegion(found[0]["region"], provinces[0] if provinces else None)


def _unknown_region_message(store: GraphStore, region: str) -> str:
    """Name the closest regions the graph knows; without any, the cities and districts first."""
    rank = {"city": 0, "district": 1, "province": 2}
    regions = sorted(list_regions(store), key=lambda r: (rank.get(r["level"], 3), r["name"]))
    names = [r["name"] for r in regions]
    close = difflib.get_close_matches(region, names, n=8, cutoff=0.5)
    if close:
        return f"unknown region {region!r}; did you mean: {'、'.join(close)}"
    shown = "、".join(names[:40]) + (" …" if len(names) > 40 else "")
    return f"unknown region {region!r}; the graph has: {shown or 'no regions'}"
