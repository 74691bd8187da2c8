"""Where each segment goes on a chain map: layers from upstream to downstream, rows that keep
arrows short. Shared by the interactive and the static map."""

from __future__ import annotations

from collections import defaultdict

from chainkg.contract.templates import TIERS
from chainkg.graph.analysis.model import SegmentGap


def layer_layout(segments: list[SegmentGap], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """``{segment key: (layer, row)}`` for a map that reads upstream to downstream.

    Tiers take consecutive bands of layers (上游, then 中游, then 下游), so a map can head each
    band. Inside a band a segment's layer is its longest FEEDS path from a source of that
    tier, then a segment is moved right up to just before its first customer in the tier, or
    to the band's last layer when all its customers lie downstream (a raw material that feeds
    the cell goes next to the cell, not to the far left). Rows follow the mean row of the
    neighbours, swept both ways, so most arrows stay short and uncrossed.
    """
    keys = [s.segment for s in segments]
    known = set(keys)
    tier = {s.segment: s.tier if s.tier in TIERS else "midstream" for s in segments}
    suppliers: dict[str, list[str]] = defaultdict(list)
    customers: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        if source in known and target in known and source != target:
            suppliers[target].append(source)
            customers[source].append(target)
    depth: dict[str, int] = {}
    offset = 0
    for band in TIERS:
        members = [k for k in keys if tier[k] == band]
        if not members:
            continue
        inside = _band_depths(members, suppliers, customers)
        depth.update({k: offset + d for k, d in inside.items()})
        offset += max(inside.values()) + 1
    return _rows(keys, depth, suppliers, customers)


def _band_depths(members: list[str], suppliers: dict[str, list[str]],
                 customers: dict[str, list[str]]) -> dict[str, int]:
    """Layers inside one tier's band, counted from 0."""
    inside = set(members)
    local = {k: [s for s in suppliers.get(k, []) if s in inside] for k in members}
    depth = _longest_paths(members, local)
    last = max(depth.values(), default=0)
    for key in sorted(members, key=lambda k: -depth[k]):
        same_tier = [c for c in customers.get(key, []) if c in inside]
        if same_tier:
            depth[key] = max(depth[key], min(depth[c] for c in same_tier) - 1)
        elif customers.get(key):
            depth[key] = last
    return depth


def tier_bands(segments: list[SegmentGap], layout: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """``[(tier, first layer, last layer)]`` of the tiers a layout holds, upstream first."""
    bands = []
    for band in TIERS:
        layers = [layout[s.segment][0] for s in segments
                  if (s.tier if s.tier in TIERS else "midstream") == band and s.segment in layout]
        if layers:
            bands.append((band, min(layers), max(layers)))
    return bands


def _longest_paths(keys: list[str], suppliers: dict[str, list[str]]) -> dict[str, int]:
    depth: dict[str, int] = {}

    def visit(key: str, seen: frozenset) -> int:
        if key not in depth:
            # FEEDS has no cycles (templates refuse them); `seen` guards a hand-made graph.
            ups = [s for s in suppliers.get(key, []) if s not in seen]
            depth[key] = max((visit(s, seen | {key}) + 1 for s in ups), default=0)
        return depth[key]

    for key in keys:
        visit(key, frozenset())
    return depth


def _rows(keys: list[str], depth: dict[str, int], suppliers: dict[str, list[str]],
          customers: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    layers = {layer: [k for k in keys if depth[k] == layer] for layer in sorted(set(depth.values()))}
    row = {k: float(i) for members in layers.values() for i, k in enumerate(members)}
    for neighbours, order in ((suppliers, sorted(layers)), (customers, sorted(layers, reverse=True)),
                              (suppliers, sorted(layers))):
        for layer in order:
            members = layers[layer]
            weight = {k: _mean([row[n] for n in neighbours.get(k, [])], row[k]) for k in members}
            members.sort(key=lambda k: weight[k])
            row.update({k: float(i) for i, k in enumerate(members)})
    return {k: (layer, i) for layer, members in layers.items() for i, k in enumerate(members)}


def _mean(values: list[float], default: float) -> float:
    return sum(values) / len(values) if values else default
