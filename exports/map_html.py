"""The interactive chain map: pyvis HTML with vis-network in-lined, so it renders on an intranet.

The bootstrap links pyvis adds are removed because a firewall that drops packets would make
the browser wait on them. The same renderer draws a query result as a graph (console).
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network

from chainkg.contract.labels import status_zh, tier_zh
from chainkg.exports.layout import layer_layout, segment_caption
from chainkg.exports.style import STATUS_BORDERS, STATUS_COLOURS
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


def chain_map_html(chain_map: ChainMap, *, height_px: int = 540) -> str:
    """A self-contained HTML page with the interactive, layered map of ``chain_map``."""
    net = _network(height_px)
    layout = layer_layout(chain_map.segments, chain_map.edges)
    for segment in chain_map.segments:
        layer, row = layout[segment.segment]
        net.add_node(segment.segment, **_segment_node(segment), x=layer * 190, y=row * 95,
                     physics=False)
    for source, target in chain_map.edges:
        if source in layout and target in layout:
            net.add_edge(source, target, color="#888888", arrows="to")
    net.set_options(_VIS_OPTIONS)
    return _offline(net.generate_html(notebook=False), chain_map)


def _plain(text: str) -> str:
    """Text safe inside pyvis's inline <script>: a name holding '</script>' cannot end it."""
    return text.replace("<", "＜").replace(">", "＞")


def _segment_node(segment: SegmentGap) -> dict[str, Any]:
    status = status_zh(segment.status)
    label = _plain(f"{segment.name}（{status}）\n{segment_caption(segment)}")
    title = _plain("\n".join(filter(None, [
        f"{segment.name}｜{tier_zh(segment.tier)}｜{status}",
        segment.reason,
        "本地企业：" + "、".join(segment.companies) if segment.companies else "",
        "本地项目：" + "、".join(segment.projects) if segment.projects else "",
    ])))
    return {
        "label": label, "title": title, "shape": "box",
        "color": {"background": STATUS_COLOURS.get(segment.status, "#ffffff"),
                  "border": STATUS_BORDERS.get(segment.status, "#555555")},
        "borderWidth": 2 if segment.status == "missing" else 1,
        "shapeProperties": {"borderDashes": [6, 4] if segment.status == "missing" else False},
        "font": {"size": 16, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
        "margin": 10,
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
    title = html.escape(f"{chain_map.region}·{chain_map.name}产业链图谱")
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
