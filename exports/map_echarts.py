"""The chain map as an Apache ECharts option: what the app draws with ``st.echarts_chart``.

One box a segment on a grid of layers (upstream left, downstream right) under tier headers
(上游 / 中游 / 下游), coloured by status, a 断点 outlined in red; hovering a box shows its
tier, status, why, and every local company and project by full name. The boxes are one
graph series with single selection, so a click selects a segment and the app opens its
details. Plain data: no JavaScript callbacks (st.echarts_chart takes JSON only).
Docs/app.md has the measurement that chose ECharts.
"""

from __future__ import annotations

import html

from chainkg.contract.labels import TIER_ZH, status_zh, tier_zh
from chainkg.exports.layout import layer_layout, tier_bands
from chainkg.exports.style import BREAK_BORDER, STATUS_BORDERS, STATUS_COLOURS, TIER_BANDS
from chainkg.graph.analysis.model import ChainMap, SegmentGap

BOX_PX = (106, 50)       # a segment's box: six CJK characters at 15 px, two lines; fits 8 layers in 900 px
ROW_PX = 78              # height a row of boxes takes on screen
HEADER_PX = 46           # the tier headers above the boxes
NAME_PX, DETAIL_PX = 15, 12
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def map_height_px(chain_map: ChainMap) -> int:
    """The height the map needs on screen: its rows of boxes under the tier headers."""
    layout = layer_layout(chain_map.segments, chain_map.edges)
    rows = max((r for _, r in layout.values()), default=0) + 1
    return HEADER_PX + rows * ROW_PX + 24


def chain_map_option(chain_map: ChainMap, *, selected: str | None = None) -> dict:
    """The ECharts option of the map; ``selected`` (a segment key) is drawn as selected.

    The graph series' data follow ``chain_map.segments``, so a selection's data index is an
    index into that list.
    """
    layout = layer_layout(chain_map.segments, chain_map.edges)
    layers = max((l for l, _ in layout.values()), default=0) + 1
    rows = max((r for _, r in layout.values()), default=0) + 1
    top = -HEADER_PX / ROW_PX - 0.5  # room for the headers, in rows
    return {
        "animation": False,
        "aria": {"enabled": True},
        "tooltip": {"trigger": "item", "confine": True,
                    "extraCssText": "max-width:440px;white-space:normal;line-height:1.6"},
        "grid": {"left": 6, "right": 6, "top": 4, "bottom": 4},
        "xAxis": {"type": "value", "show": False, "min": -0.5, "max": layers - 0.5},
        "yAxis": {"type": "value", "show": False, "inverse": True, "min": top, "max": rows - 0.5},
        "series": [{
            "type": "graph", "name": chain_map.name, "coordinateSystem": "cartesian2d",
            "selectedMode": "single", "cursor": "pointer",
            "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": 8,
            "lineStyle": {"color": "#8c8c8c", "width": 1.2, "curveness": 0.12, "opacity": 0.9},
            "emphasis": {"focus": "adjacency", "lineStyle": {"width": 2.2, "color": "#555555"}},
            "select": {"itemStyle": {"borderColor": "#08306b", "borderWidth": 4,
                                     "shadowBlur": 10, "shadowColor": "rgba(8,48,107,0.45)"}},
            "data": [_box(g, layout[g.segment], g.segment == selected) for g in chain_map.segments],
            "links": [_link(s, t, layout) for s, t in chain_map.edges if s in layout and t in layout],
            "markArea": _tier_headers(chain_map.segments, layout, top, rows),
        }],
    }


def _link(source: str, target: str, layout: dict[str, tuple[int, int]]) -> dict:
    """An arrow from ``source`` to ``target``. One that climbs or falls rows to the next layers
    bows away from its own column (ECharts bends a link by its curveness, perpendicular to
    it), so it does not run behind the boxes stacked above or below its source."""
    link = {"source": source, "target": target, "tooltip": {"show": False}}
    (layer_s, row_s), (layer_t, row_t) = layout[source], layout[target]
    rows, layers = row_t - row_s, layer_t - layer_s
    if layers > 0 and rows:
        bend = min(0.35, 0.07 * abs(rows) / layers)
        link["lineStyle"] = {"curveness": bend if rows > 0 else -bend}
    return link


def _box(segment: SegmentGap, place: tuple[int, int], selected: bool) -> dict:
    status = segment.status
    detail = status_zh(status) + (f"·{len(segment.companies)}家" if segment.companies else "")
    if segment.is_break:
        detail += "·断点"
    return {
        "name": segment.segment, "value": [place[0], place[1]], "selected": selected,
        "symbol": "roundRect", "symbolSize": list(BOX_PX),
        "itemStyle": {"color": STATUS_COLOURS.get(status, "#ffffff"),
                      "borderColor": BREAK_BORDER if segment.is_break else STATUS_BORDERS.get(status, "#555555"),
                      "borderWidth": 3 if segment.is_break else 1.5,
                      "borderType": "dashed" if status == "missing" else "solid"},
        "label": {"show": True, "formatter": f"{{n|{_label(segment.name)}}}\n{{d|{detail}}}",
                  "rich": {"n": {"fontSize": NAME_PX, "fontWeight": "bold", "lineHeight": 21,
                                 "color": "#1a1a1a", "fontFamily": FONT},
                           "d": {"fontSize": DETAIL_PX, "lineHeight": 17, "color": "#333333",
                                 "fontFamily": FONT}}},
        "tooltip": {"formatter": _hover(segment)},
    }


def _hover(segment: SegmentGap) -> str:
    """The box's hover text (HTML): every local company and project by its full name."""
    lines = [f"<b>{_safe(segment.name)}</b>｜{tier_zh(segment.tier)}｜{status_zh(segment.status)}"
             + ("｜断点" if segment.is_break else "") + (f"｜建议{segment.action_zh}" if segment.action_zh else ""),
             _safe(segment.reason)]
    if segment.companies:
        lines.append("本地企业：" + "、".join(_safe(c) for c in segment.companies))
    if segment.projects:
        lines.append("本地项目：" + "、".join(_safe(p) for p in segment.projects))
    lines.append("<i>点击查看详情与推荐企业</i>")
    return "<br/>".join(lines)


def _tier_headers(segments: list[SegmentGap], layout: dict, top: float, rows: int) -> dict:
    """A light band behind each tier's layers, headed 上游 / 中游 / 下游."""
    return {
        "silent": True,
        "label": {"position": "insideTop", "fontSize": 16, "fontWeight": "bold", "color": "#444444",
                  "distance": 10, "fontFamily": FONT},
        "data": [[{"name": TIER_ZH[tier], "xAxis": first - 0.47, "yAxis": top,
                   "itemStyle": {"color": TIER_BANDS[tier]}},
                  {"xAxis": last + 0.47, "yAxis": rows - 0.5}]
                 for tier, first, last in tier_bands(segments, layout)],
    }


def _label(text: str) -> str:
    """Text of a box's label (drawn as text, not HTML): no {…} or | that ECharts reads as rich text."""
    return (text or "").replace("{", "｛").replace("}", "｝").replace("|", "｜")


def _safe(text: str) -> str:
    """Text inside an ECharts label or tooltip: HTML escaped, and no {…} that ECharts reads as a
    template or a rich-text style."""
    return html.escape(text or "").replace("{", "｛").replace("}", "｝").replace("|", "｜")
