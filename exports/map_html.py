"""The interactive chain map as one HTML file: pyvis with vis-network in-lined, so it opens on
an intranet with no internet.

The page carries what a map handed on needs: its title, the legend, 编制单位, the date and the
source; the tiers (上游 / 中游 / 下游) head bands of columns, as in the app. The bootstrap links
pyvis adds are removed because a firewall that drops packets would make the browser wait on
them. The same renderer draws a query result as a graph (console).
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network

from chainkg.contract.labels import STATUS_ZH, TIER_ZH, status_zh, tier_zh
from chainkg.exports.briefing_text import Imprint, map_title
from chainkg.exports.layout import layer_layout, tier_bands
from chainkg.exports.style import BREAK_BORDER, STATUS_BORDERS, STATUS_COLOURS, TIER_BANDS
from chainkg.graph.analysis.model import ChainMap, SegmentGap
from chainkg.graph.store import Node, Relationship


@functools.lru_cache(maxsize=1)
def _template_env():
    """One Jinja environment for every map: pyvis makes one a network, and so re-parses its
    template with the 700 KB of in-lined vis-network (0.4 s) on every map."""
    return Environment(loader=FileSystemLoader(Network().template_dir))


def prepare_renderer() -> None:
    """Import pyvis and compile its template now (about 1 s), so the first map is fast."""
    _template_env().get_template("template.html")


def _network(height_px: int) -> Network:
    net = Network(height=f"{height_px}px", width="100%", directed=True, cdn_resources="in_line",
                  bgcolor="#ffffff")
    net.templateEnv = _template_env()
    return net


DX, DY = 150, 80  # pixels between layers and rows at scale 1


def chain_map_html(chain_map: ChainMap, imprint: Imprint = Imprint()) -> str:
    """A self-contained HTML page with the interactive, layered map of ``chain_map``: title,
    legend, 编制单位, date and source above it, tier headers over its columns."""
    layout = layer_layout(chain_map.segments, chain_map.edges)
    rows = max((r for _, r in layout.values()), default=0) + 1
    net = _network(max(480, 120 + rows * DY))
    for segment in chain_map.segments:
        layer, row = layout[segment.segment]
        net.add_node(segment.segment, **_segment_node(segment), x=layer * DX, y=row * DY,
                     physics=False)
    for source, target in chain_map.edges:
        if source in layout and target in layout:
            net.add_edge(source, target, color="#888888", arrows="to")
    net.set_options(_VIS_OPTIONS)
    page = _offline(net.generate_html(notebook=False), chain_map)
    page = page.replace("<body>", "<body>\n" + _masthead(chain_map, imprint), 1)
    return page.replace("</body>", _tier_script(chain_map, layout, rows) + "\n</body>", 1)


def _masthead(chain_map: ChainMap, imprint: Imprint) -> str:
    """Title, 编制单位 · date · source, and the legend, above the map."""
    chips = "".join(
        f"<span style='background:{STATUS_COLOURS[s]};border:1px {'dashed' if s == 'missing' else 'solid'} "
        f"{STATUS_BORDERS[s]};padding:1px 10px;margin-right:6px;border-radius:4px'>{STATUS_ZH[s]}</span>"
        for s in STATUS_ZH)
    chips += (f"<span style='border:3px solid {BREAK_BORDER};padding:0 8px;margin-right:6px;"
              "border-radius:4px'>断点</span>")
    return (
        "<div style='font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:12px 16px'>"
        f"<h1 style='font-size:24px;margin:0 0 6px'>{html.escape(map_title(chain_map))}</h1>"
        f"<div style='color:#444;font-size:14px;margin-bottom:8px'>{html.escape(imprint.line())}</div>"
        f"<div style='font-size:14px'>图例：{chips}箭头从上游指向下游；悬停环节查看全部本地企业与项目，"
        "滚轮缩放，拖动平移。</div></div>")


def _tier_script(chain_map: ChainMap, layout: dict, rows: int) -> str:
    """Draw the tier bands and their headers under the boxes (vis-network's beforeDrawing)."""
    bands = [{"name": TIER_ZH[tier], "colour": TIER_BANDS[tier], "x0": (first - 0.47) * DX,
              "x1": (last + 0.47) * DX} for tier, first, last in tier_bands(chain_map.segments, layout)]
    top, bottom = -1.15 * DY, (rows - 0.5) * DY
    return ("<script>network.on('beforeDrawing', function (ctx) {"
            f"var bands = {json.dumps(bands, ensure_ascii=False)};"
            "bands.forEach(function (b) {"
            f"ctx.fillStyle = b.colour; ctx.fillRect(b.x0, {top}, b.x1 - b.x0, {bottom - top});"
            "ctx.fillStyle = '#444'; ctx.font = 'bold 18px \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif';"
            f"ctx.textAlign = 'center'; ctx.fillText(b.name, (b.x0 + b.x1) / 2, {top + 28});"
            "});});network.fit();</script>")


def _plain(text: str) -> str:
    """Text safe inside pyvis's inline <script>: a name holding '</script>' cannot end it."""
    return text.replace("<", "＜").replace(">", "＞")


def _segment_node(segment: SegmentGap) -> dict[str, Any]:
    status = status_zh(segment.status)
    count = f"·{len(segment.companies)}家" if segment.companies else ""
    label = _plain(f"{segment.name}\n{status}{count}" + ("·断点" if segment.is_break else ""))
    title = _plain("\n".join(filter(None, [
        f"{segment.name}｜{tier_zh(segment.tier)}｜{status}",
        segment.reason,
        "本地企业：" + "、".join(segment.companies) if segment.companies else "",
        "本地项目：" + "、".join(segment.projects) if segment.projects else "",
    ])))
    return {
        "label": label, "title": title, "shape": "box",
        "color": {"background": STATUS_COLOURS.get(segment.status, "#ffffff"),
                  "border": BREAK_BORDER if segment.is_break else STATUS_BORDERS.get(segment.status, "#555555")},
        "borderWidth": 3 if segment.is_break else 2 if segment.status == "missing" else 1,
        "shapeProperties": {"borderDashes": [6, 4] if segment.status == "missing" else False},
        "font": {"size": 15, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
        "widthConstraint": {"minimum": 104, "maximum": 120},
        "margin": 8,
    }


_VIS_OPTIONS = """{
  "physics": {"enabled": false},
  "edges": {"smooth": {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4}},
  "interaction": {"hover": true, "navigationButtons": false, "tooltipDelay": 150}
}"""
_REMOTE_TAG = re.compile(
    r"<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>|<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.S)


def _offline(page: str, chain_map: ChainMap) -> str:
    """Drop remote tags (bootstrap) and give the page a title; vis-network stays in-line."""
    page = _REMOTE_TAG.sub("", page)
    title = html.escape(map_title(chain_map))
    return page.replace("<head>", f"<head>\n<title>{title}</title>", 1)


def result_graph_html(nodes: list[Node], relationships: list[Relationship], *, height_px: int = 480) -> str:
    """An interactive force-layout graph of query-result nodes and relationships (console)."""
    net = _network(height_px)
    for node in nodes:
        props = node.props
        name = _plain(str(props.get("name") or props.get("title") or props.get("key") or node.id))
        net.add_node(node.id, label=name, title=f"{node.label}: {name}",
                     group=node.label, shape="dot", size=12)
    ids = {n.id for n in nodes}
    for rel in relationships:
        if rel.start in ids and rel.end in ids:
            net.add_edge(rel.start, rel.end, title=rel.type, label=rel.type)
    return _REMOTE_TAG.sub("", net.generate_html(notebook=False))
