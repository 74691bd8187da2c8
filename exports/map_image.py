"""The static chain map: matplotlib boxes in layers from upstream to downstream (PNG, SVG, PDF).

A force layout scatters a chain; a layered one reads left to right like the chain does.
Chinese needs a CJK font; when none is installed ExportError says so instead of drawing
empty boxes.
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from chainkg.contract.labels import STATUS_ZH, TIER_ZH, status_zh
from chainkg.exports import ExportError
from chainkg.exports.briefing_text import Imprint
from chainkg.exports.fonts import cjk_font_family
from chainkg.exports.layout import layer_layout, tier_bands
from chainkg.exports.map_html import chain_map_html
from chainkg.exports.style import BREAK_BORDER, STATUS_BORDERS, STATUS_COLOURS, TIER_BANDS
from chainkg.graph.analysis.model import ChainMap, SegmentGap

MAP_SIZE_PX = (1600, 900)  # 16:9, the shape of a slide


def chain_map_figure(chain_map: ChainMap, *, size_px: tuple[int, int] = MAP_SIZE_PX, dpi: int = 100):
    """A matplotlib Figure of the layered map: one box a segment, arrows along FEEDS."""
    if not chain_map.segments:
        raise ExportError(f"chain {chain_map.chain} has no segments to draw")
    family = cjk_font_family()
    figure = Figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi)
    axes = figure.add_axes((0.01, 0.07, 0.98, 0.85))
    axes.set_axis_off()
    layout = layer_layout(chain_map.segments, chain_map.edges)
    layers = max(l for l, _ in layout.values()) + 1
    rows = max(r for _, r in layout.values()) + 1
    font_size = max(7.0, min(13.0, 90 / max(rows, layers * 0.8)))
    axes.set_xlim(-0.6, layers - 0.4)
    axes.set_ylim(rows - 0.5, -1.15)
    _tier_headers(axes, chain_map, layout, family, font_size)
    boxes = {segment.segment: _draw_box(axes, segment, layout[segment.segment], family, font_size)
             for segment in chain_map.segments}
    for source, target in chain_map.edges:
        if source in boxes and target in boxes:
            _draw_arrow(axes, boxes[source], boxes[target], font_size)
    _titles(figure, chain_map, family)
    return figure


def _tier_headers(axes, chain_map: ChainMap, layout, family: str, size: float) -> None:
    """A light band behind each tier's layers, headed 上游 / 中游 / 下游."""
    for tier, first, last in tier_bands(chain_map.segments, layout):
        axes.axvspan(first - 0.46, last + 0.46, color=_rgba(TIER_BANDS[tier]),
                     zorder=0, lw=0)
        axes.text((first + last) / 2, -0.85, TIER_ZH[tier], ha="center", va="center",
                  fontsize=size + 2, family=family, weight="bold", color="#444444", zorder=1)


def _rgba(colour: str):
    """An rgba(r,g,b,a) CSS colour as a matplotlib tuple."""
    r, g, b, a = (float(x) for x in colour[colour.index("(") + 1:-1].split(","))
    return (r / 255, g / 255, b / 255, a)


def _draw_box(axes, segment: SegmentGap, centre: tuple[int, int], family: str, size: float):
    count = len(segment.companies)
    status = status_zh(segment.status)
    detail = f"{status}·{count}家" if count else status
    if segment.is_break:
        detail += "·断点"
    return axes.text(
        centre[0], centre[1], f"{segment.name}\n{detail}", ha="center", va="center",
        fontsize=size, family=family, zorder=3, linespacing=1.3,
        bbox={"boxstyle": "round,pad=0.45",
              "facecolor": STATUS_COLOURS.get(segment.status, "#ffffff"),
              "edgecolor": BREAK_BORDER if segment.is_break else STATUS_BORDERS.get(segment.status, "#555555"),
              "linestyle": "--" if segment.status == "missing" else "-",
              "linewidth": 2.6 if segment.is_break else 1.6 if segment.status == "missing" else 1.0})


def _draw_arrow(axes, source, target, size: float) -> None:
    """An arrow from the right side of the supplier's box to the left side of the customer's."""
    pad = 0.45 * size + 1
    axes.annotate("", xy=(0, 0.5), xycoords=target, xytext=(1, 0.5), textcoords=source,
                  zorder=2, arrowprops={"arrowstyle": "-|>", "color": "#7f7f7f", "lw": 0.9,
                                        "shrinkA": pad, "shrinkB": pad,
                                        "connectionstyle": "arc3,rad=0.0"})


def _titles(figure, chain_map: ChainMap, family: str) -> None:
    figure.suptitle(f"{chain_map.region}·{chain_map.name}产业链图谱（上游 → 下游）",
                    family=family, fontsize=16, y=0.98)
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor=STATUS_BORDERS[s],
                     linestyle="--" if s == "missing" else "-", label=STATUS_ZH[s])
               for s in STATUS_ZH]
    figure.legend(handles=handles, loc="lower center", ncol=4, frameon=False,
                  prop={"family": family, "size": 11})


def chain_map_image(chain_map: ChainMap, fmt: str = "png", *, size_px: tuple[int, int] = MAP_SIZE_PX) -> bytes:
    """The static map as ``png`` or ``svg`` bytes (SVG text is drawn as paths: no font needed)."""
    if fmt not in ("png", "svg"):
        raise ExportError(f"a chain map image is png or svg, not {fmt!r}")
    figure = chain_map_figure(chain_map, size_px=size_px)
    out = io.BytesIO()
    figure.savefig(out, format=fmt, dpi=100, facecolor="white")
    return out.getvalue()


def write_chain_map(chain_map: ChainMap, path: str | Path, imprint: Imprint = Imprint()) -> Path:
    """Write the map to ``path``: .html (interactive, with title, legend, date and source), .png
    or .svg by the suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(chain_map_html(chain_map, imprint), encoding="utf-8")
    elif suffix in (".png", ".svg"):
        path.write_bytes(chain_map_image(chain_map, suffix[1:]))
    else:
        raise ExportError(f"{path}: a chain map is written as .html, .png or .svg")
    return path
