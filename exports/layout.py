"""Where each segment goes on a chain map: layers from upstream to downstream, rows that keep
arrows short. Shared by the interactive and the static map."""

from __future__ import annotations

from collections import defaultdict

from chainkg.graph.analysis.model import SegmentGap

COMPANIES_ON_BOX = 2


def layer_layout(segments: list[SegmentGap], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """``{segment key: (layer, row)}`` for a map that reads upstream to downstream.

    A segment's layer is its longest FEEDS path from a source, then a segment is moved
    right up to just before its first customer (a raw material that feeds the cell goes
    next to the cell, not to the far left). Segments without edges go to the layer of their
    tier. Rows follow the mean row of the neighbours, swept both ways, so most arrows stay
    short and uncrossed.
    """
    keys = [s.segment for s in segments]
    known = set(keys)
    suppliers: dict[str, list[str]] = defaultdict(list)
    customers: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        if source in known and target in known and source != target:
            suppliers[target].append(source)
            customers[source].append(target)
    depth = _longest_paths(keys, suppliers)
    for key in sorted(keys, key=lambda k: -depth[k]):
        if customers.get(key):
            depth[key] = max(depth[key], min(depth[c] for c in customers[key]) - 1)
    last = max(depth.values(), default=0)
    for segment in segments:
        if segment.segment not in suppliers and segment.segment not in customers:
            depth[segment.segment] = {"upstream": 0, "midstream": (last + 1) // 2}.get(
                segment.tier, last)
    return _rows(keys, depth, suppliers, customers)


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


def segment_caption(segment: SegmentGap, limit: int = COMPANIES_ON_BOX, width: int = 8) -> str:
    """Company names to print on a segment's box: the first few (cut to ``width``), then 等N家."""
    names = list(segment.companies)
    if not names:
        return "暂无本地企业"
    shown = "\n".join(n if len(n) <= width else n[:width] + "…" for n in names[:limit])
    return shown + (f"\n等{len(names)}家" if len(names) > limit else "")
