"""Exports for briefings and other tools: chain maps, gap tables, briefings and GraphML.

Everything here is a pure function of a ``ChainMap`` (graph/gaps.py), of gap rows, or of a
store; the app offers the bytes as downloads and the CLI writes them to a file.

- The interactive map is pyvis HTML with vis-network in-lined, so it renders on an
  intranet with no internet; the bootstrap links pyvis adds are removed because a
  firewall that drops packets would make the browser wait on them.
- The static map (PNG, SVG) is drawn by matplotlib in layers from upstream to downstream:
  a force layout scatters a chain, a layered one reads left to right like the chain does.
  Chinese needs a CJK font; when none is installed :class:`ExportError` says so instead
  of drawing empty boxes.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainkg_errors import ChainkgError
from graph.formatting import display_width, zh_money

STATUS_ZH = {"missing": "缺失", "weak": "薄弱", "present": "具备", "strong": "优势"}
STATUS_COLOURS = {"missing": "#eeeeee", "weak": "#fdae6b", "present": "#9ecae1",
                  "strong": "#41ab5d"}
STATUS_BORDERS = {"missing": "#d62728", "weak": "#e6550d", "present": "#3182bd",
                  "strong": "#006d2c"}
TIER_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
# Families tried in order; any font that covers CJK ideographs would do.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC", "Droid Sans Fallback",
    "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
)
MAP_SIZE_PX = (1600, 900)  # 16:9, the shape of a slide
COMPANIES_ON_BOX = 2


class ExportError(ChainkgError):
    """An export cannot be made: unknown format, no CJK font, nothing to draw."""


# --------------------------------------------------------------------------
# Layout shared by the interactive and the static map


def layer_layout(segments: list, edges: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
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


def segment_caption(segment, limit: int = COMPANIES_ON_BOX, width: int = 8) -> str:
    """Company names to print on a segment's box: the first few (cut to ``width``), then 等N家."""
    names = list(segment.companies)
    if not names:
        return "暂无本地企业"
    shown = "\n".join(n if len(n) <= width else n[:width] + "…" for n in names[:limit])
    return shown + (f"\n等{len(names)}家" if len(names) > limit else "")


# --------------------------------------------------------------------------
# Interactive map (pyvis)


@functools.lru_cache(maxsize=1)
def _template_env():
    """One Jinja environment for every map: pyvis makes one a network, and so re-parses its
    template with the 700 KB of in-lined vis-network (0.4 s) on every map."""
    from jinja2 import Environment, FileSystemLoader
    from pyvis.network import Network
    return Environment(loader=FileSystemLoader(Network().template_dir))


def warm_up() -> None:
    """Import pyvis and compile its template now (about 1 s), so the first map is fast."""
    _template_env().get_template("template.html")


def _network(height_px: int):
    from pyvis.network import Network
    net = Network(height=f"{height_px}px", width="100%", directed=True, cdn_resources="in_line",
                  bgcolor="#ffffff")
    net.templateEnv = _template_env()
    return net


def chain_map_html(chain_map, *, height_px: int = 540) -> str:
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


def _segment_node(segment) -> dict[str, Any]:
    status = STATUS_ZH.get(segment.status, segment.status)
    label = _plain(f"{segment.name}（{status}）\n{segment_caption(segment)}")
    title = _plain("\n".join(filter(None, [
        f"{segment.name}｜{TIER_ZH.get(segment.tier, segment.tier)}｜{status}",
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


def _offline(page: str, chain_map) -> str:
    """Drop remote tags (bootstrap) and give the page a title; vis-network stays in-line."""
    page = _REMOTE_TAG.sub("", page)
    title = html.escape(f"{chain_map.region}·{chain_map.name}产业链图谱")
    return page.replace("<head>", f"<head>\n<title>{title}</title>", 1)


def result_graph_html(nodes: list, relationships: list, *, height_px: int = 480) -> str:
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


# --------------------------------------------------------------------------
# Static map (matplotlib): PNG and SVG for slides


def cjk_font_family() -> str:
    """The name of an installed font family that draws Chinese; ExportError when there is none."""
    from matplotlib import font_manager
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise ExportError(
        "no Chinese (CJK) font is installed, so the map would show empty boxes instead of "
        "text: install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) and delete "
        "~/.cache/matplotlib so matplotlib finds it")


def chain_map_figure(chain_map, *, size_px: tuple[int, int] = MAP_SIZE_PX, dpi: int = 100):
    """A matplotlib Figure of the layered map: one box a segment, arrows along FEEDS."""
    from matplotlib.figure import Figure
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
    axes.set_ylim(rows - 0.5, -0.5)
    boxes = {segment.segment: _draw_box(axes, segment, layout[segment.segment], family, font_size)
             for segment in chain_map.segments}
    for source, target in chain_map.edges:
        if source in boxes and target in boxes:
            _draw_arrow(axes, boxes[source], boxes[target], font_size)
    _titles(figure, chain_map, family)
    return figure


def _draw_box(axes, segment, centre: tuple[int, int], family: str, size: float):
    count = len(segment.companies)
    status = STATUS_ZH.get(segment.status, segment.status)
    detail = f"{status}·{count}家" if count else status
    if getattr(segment, "is_break", False):
        detail += "·断点"
    return axes.text(
        centre[0], centre[1], f"{segment.name}\n{detail}", ha="center", va="center",
        fontsize=size, family=family, zorder=3, linespacing=1.3,
        bbox={"boxstyle": "round,pad=0.45",
              "facecolor": STATUS_COLOURS.get(segment.status, "#ffffff"),
              "edgecolor": STATUS_BORDERS.get(segment.status, "#555555"),
              "linestyle": "--" if segment.status == "missing" else "-",
              "linewidth": 1.6 if segment.status == "missing" else 1.0})


def _draw_arrow(axes, source, target, size: float) -> None:
    """An arrow from the right side of the supplier's box to the left side of the customer's."""
    pad = 0.45 * size + 1
    axes.annotate("", xy=(0, 0.5), xycoords=target, xytext=(1, 0.5), textcoords=source,
                  zorder=2, arrowprops={"arrowstyle": "-|>", "color": "#7f7f7f", "lw": 0.9,
                                        "shrinkA": pad, "shrinkB": pad,
                                        "connectionstyle": "arc3,rad=0.0"})


def _titles(figure, chain_map, family: str) -> None:
    from matplotlib.patches import Patch
    figure.suptitle(f"{chain_map.region}·{chain_map.name}产业链图谱（上游 → 下游）",
                    family=family, fontsize=16, y=0.98)
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor=STATUS_BORDERS[s],
                     linestyle="--" if s == "missing" else "-", label=STATUS_ZH[s])
               for s in STATUS_ZH]
    figure.legend(handles=handles, loc="lower center", ncol=4, frameon=False,
                  prop={"family": family, "size": 11})


def chain_map_image(chain_map, fmt: str = "png", *, size_px: tuple[int, int] = MAP_SIZE_PX) -> bytes:
    """The static map as ``png`` or ``svg`` bytes (SVG text is drawn as paths: no font needed)."""
    if fmt not in ("png", "svg"):
        raise ExportError(f"a chain map image is png or svg, not {fmt!r}")
    figure = chain_map_figure(chain_map, size_px=size_px)
    out = io.BytesIO()
    figure.savefig(out, format=fmt, dpi=100, facecolor="white")
    return out.getvalue()


def write_chain_map(chain_map, path: str | Path) -> Path:
    """Write the map to ``path``: .html (interactive), .png or .svg by the suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(chain_map_html(chain_map), encoding="utf-8")
    elif suffix in (".png", ".svg"):
        path.write_bytes(chain_map_image(chain_map, suffix[1:]))
    else:
        raise ExportError(f"{path}: a chain map is written as .html, .png or .svg")
    return path


# --------------------------------------------------------------------------
# Gap table: rows for the app, CSV and XLSX

PART_ZH = {"product": "产品匹配", "scale": "规模", "distance": "区位", "ties": "已有合作",
           "expansion": "近期扩产"}
GAP_COLUMNS = ("环节", "层级", "状态", "建议", "断点", "本地企业", "本地项目", "产能", "本地投资", "说明")


def gap_table_rows(gaps: list, *, actions_only: bool = False) -> list[dict[str, str]]:
    """One row a segment with Chinese column names and Chinese-formatted figures."""
    return [{
        "环节": g.name,
        "层级": TIER_ZH.get(g.tier, g.tier),
        "状态": STATUS_ZH.get(g.status, g.status),
        "建议": g.action_zh,
        "断点": "是" if g.is_break else "",
        "本地企业": "、".join(g.companies),
        "本地项目": "、".join(g.projects),
        "产能": g.capacity or "",
        "本地投资": zh_money(g.investment_cny),
        "说明": g.reason,
    } for g in gaps if g.action != "none" or not actions_only]


def recommendation_rows(recommendations: list) -> list[dict[str, str]]:
    """One row a recommended company: segment, company, place, score and its parts."""
    return [{
        "环节": r.segment_name or r.segment,
        "企业": r.company,
        "所在地": "·".join(p for p in (r.province, r.city) if p),
        "产品": "、".join(r.products),
        "得分": f"{r.score:.2f}",
        "得分构成": "；".join(f"{PART_ZH.get(p.name, p.name)} {p.value:.2f}×{p.weight:g}"
                          for p in r.parts),
    } for r in recommendations]


def gap_table_csv(gaps: list) -> bytes:
    """The gap table as CSV in UTF-8 with a BOM, so Excel opens the Chinese correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=GAP_COLUMNS)
    writer.writeheader()
    writer.writerows(gap_table_rows(gaps))
    return out.getvalue().encode("utf-8-sig")


def gap_table_xlsx(gaps: list, recommendations: list = (), *, title: str = "缺口分析") -> bytes:
    """The gap table (and, when given, the recommendations on a second sheet) as XLSX."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    book = Workbook()
    sheets = [(book.active, title[:31], gap_table_rows(gaps), GAP_COLUMNS)]
    if recommendations:
        rows = recommendation_rows(recommendations)
        sheets.append((book.create_sheet(), "推荐企业", rows, tuple(rows[0])))
    for sheet, name, rows, columns in sheets:
        sheet.title = name
        sheet.append(list(columns))
        for row in rows:
            sheet.append([row[c] for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for letter, width in zip("ABCDEFGHIJ", (14, 6, 6, 6, 6, 30, 30, 10, 12, 60)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------
# Briefing: map, gap table, top recommendations and sources, as DOCX, PPTX or PDF


@dataclass
class Briefing:
    """Everything a briefing shows; built once, written in any format."""

    chain_map: Any
    recommendations: list = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.chain_map.region}{self.chain_map.name}产业链招商简报"


def build_briefing(store, chain: str, region: str, *, top: int = 10) -> Briefing:
    """Run the analysis for a briefing: the chain map, the ``top`` recommendations, their sources."""
    from graph.gaps import chain_map, recommend
    from graph.queries import load_query, run_query
    built = chain_map(store, chain, region)
    recommendations = recommend(store, chain, region, top=top)
    names = sorted({n for g in built.segments for n in [*g.companies, *g.projects]}
                   | {r.company for r in recommendations})
    rows = run_query(store, load_query("app_chain_sources"), {"chain": chain, "names": names},
                     limit=None).rows if names else []
    sources = {row["doc_id"]: row for row in rows}
    for rec in recommendations:
        for item in rec.evidence:
            sources.setdefault(item["doc_id"], {"doc_id": item["doc_id"], "title": item.get("title"),
                                                "date": None, "source": None})
    return Briefing(built, recommendations, sorted(sources.values(),
                                                   key=lambda s: s.get("title") or s["doc_id"]))


BRIEF_GAP_COLUMNS = ("环节", "层级", "状态", "建议", "本地企业", "说明")
BRIEF_REC_COLUMNS = ("环节", "企业", "所在地", "得分", "依据")


def _brief_gap_rows(briefing: Briefing) -> list[list[str]]:
    rows = gap_table_rows(briefing.chain_map.segments, actions_only=True)
    return [[row[c] + ("（断点）" if c == "建议" and row["断点"] else "") for c in BRIEF_GAP_COLUMNS]
            for row in rows]


def _brief_rec_rows(briefing: Briefing) -> list[list[str]]:
    rows = []
    for rec in briefing.recommendations:
        first = rec.evidence[0]["sentence"] if rec.evidence else ""
        rows.append([rec.segment_name or rec.segment, rec.company,
                     "·".join(p for p in (rec.province, rec.city) if p), f"{rec.score:.2f}", first])
    return rows


def _source_lines(briefing: Briefing) -> list[str]:
    return [f"《{s.get('title') or s['doc_id']}》" + (f"（{s['date']}）" if s.get("date") else "")
            + (f"，{s['source']}" if s.get("source") else "") for s in briefing.sources]


def briefing_docx(briefing: Briefing) -> bytes:
    """The briefing as a Word document: title, map picture, gap table, recommendations, sources."""
    from docx import Document
    from docx.shared import Cm
    document = Document()
    _docx_chinese_font(document, cjk_font_family())
    document.add_heading(briefing.title, level=0)
    document.add_heading("一、产业链图谱", level=1)
    document.add_picture(io.BytesIO(chain_map_image(briefing.chain_map, "png")), width=Cm(16))
    document.add_heading("二、补链强链延链清单", level=1)
    _docx_table(document, BRIEF_GAP_COLUMNS, _brief_gap_rows(briefing))
    document.add_heading("三、重点招商对象", level=1)
    _docx_table(document, BRIEF_REC_COLUMNS, _brief_rec_rows(briefing))
    document.add_heading("四、资料来源", level=1)
    for line in _source_lines(briefing) or ["（无）"]:
        document.add_paragraph(line, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_chinese_font(document, family: str) -> None:
    """Word picks the East Asian font from w:eastAsia; without it Chinese falls back oddly."""
    from docx.oxml.ns import qn
    for style_name in ("Normal", "Title", "Heading 1"):
        style = document.styles[style_name]
        style.font.name = family
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), family)


def _docx_table(document, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    if not rows:
        table.add_row().cells[0].text = "（无）"


def briefing_pptx(briefing: Briefing) -> bytes:
    """The briefing as slides: title, map, gap table (paged), recommendations, sources."""
    from pptx import Presentation
    from pptx.util import Inches
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    family = cjk_font_family()
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = briefing.title
    title.placeholders[1].text = f"{briefing.chain_map.region} · {briefing.chain_map.name}"
    picture = deck.slides.add_slide(deck.slide_layouts[5])
    picture.shapes.title.text = "产业链图谱"
    picture.shapes.add_picture(io.BytesIO(chain_map_image(briefing.chain_map, "png")),
                               Inches(0.9), Inches(1.3), width=Inches(11.5))
    _pptx_tables(deck, "补链强链延链清单", BRIEF_GAP_COLUMNS, _brief_gap_rows(briefing), family)
    _pptx_tables(deck, "重点招商对象", BRIEF_REC_COLUMNS, _brief_rec_rows(briefing), family)
    sources = deck.slides.add_slide(deck.slide_layouts[1])
    sources.shapes.title.text = "资料来源"
    sources.placeholders[1].text = "\n".join(_source_lines(briefing)) or "（无）"
    _pptx_font(deck, family)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _pptx_tables(deck, title: str, columns: tuple[str, ...], rows: list[list[str]],
                 family: str, per_slide: int = 10) -> None:
    from pptx.util import Inches, Pt
    pages = [rows[i:i + per_slide] for i in range(0, len(rows), per_slide)] or [[]]
    for number, page in enumerate(pages, 1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = title + (f"（{number}/{len(pages)}）" if len(pages) > 1 else "")
        shape = slide.shapes.add_table(len(page) + 1, len(columns), Inches(0.5), Inches(1.4),
                                       Inches(12.3), Inches(0.4) * (len(page) + 1))
        for col, name in enumerate(columns):
            shape.table.cell(0, col).text = name
        for r, row in enumerate(page, 1):
            for col, value in enumerate(row):
                shape.table.cell(r, col).text = value
        for cell in (c for row in shape.table.rows for c in row.cells):
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(11)


def _pptx_font(deck, family: str) -> None:
    """Set the Latin and East Asian typeface of every run, so Chinese renders in ``family``."""
    from pptx.oxml.ns import qn
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = ([c.text_frame for row in shape.table.rows for c in row.cells]
                      if shape.has_table else [shape.text_frame] if shape.has_text_frame else [])
            for run in (r for f in frames for p in f.paragraphs for r in p.runs):
                run.font.name = family
                properties = run._r.get_or_add_rPr()
                east_asian = properties.find(qn("a:ea"))
                if east_asian is None:
                    east_asian = properties.makeelement(qn("a:ea"), {})
                    properties.append(east_asian)
                east_asian.set("typeface", family)


def write_briefing(briefing: Briefing, path: str | Path) -> Path:
    """Write the briefing to ``path``: .docx, .pptx or .pdf by the suffix."""
    path = Path(path)
    writers = {".docx": briefing_docx, ".pptx": briefing_pptx, ".pdf": briefing_pdf}
    if path.suffix.lower() not in writers:
        raise ExportError(f"{path}: a briefing is written as .docx, .pptx or .pdf")
    path.write_bytes(writers[path.suffix.lower()](briefing))
    return path


PDF_PAGE_PX = (1169, 827)  # A4 landscape at 100 dpi
PDF_TABLE_BOX = (0.04, 0.04, 0.92, 0.86)  # the table's axes on the page (left, bottom, width, height)
PDF_FONT_PT = 9
PDF_LINE = 1.45 * PDF_FONT_PT * 100 / 72 / (PDF_TABLE_BOX[3] * PDF_PAGE_PX[1])  # one text line, in axes height
PDF_ROW_PAD = 0.6 * PDF_LINE
PDF_CELL_LINES = 8  # longer cells are cut with … after this many lines


def briefing_pdf(briefing: Briefing) -> bytes:
    """The briefing as PDF (A4 landscape): the map, then the tables, Chinese font embedded.

    Table cells wrap (a long evidence sentence takes several lines) and rows
    flow onto as many pages as they need.
    """
    from matplotlib.backends.backend_pdf import PdfPages
    family = cjk_font_family()
    sections = [("补链强链延链清单", BRIEF_GAP_COLUMNS, _brief_gap_rows(briefing), (1, 1, 1, 1, 3, 5)),
                ("重点招商对象", BRIEF_REC_COLUMNS, _brief_rec_rows(briefing), (1.2, 2.5, 1.4, 0.6, 5)),
                ("资料来源", ("文档",), [[line] for line in _source_lines(briefing)], (1,))]
    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": briefing.title}) as pdf:
        pdf.savefig(chain_map_figure(briefing.chain_map, size_px=PDF_PAGE_PX))
        for title, columns, rows, widths in sections:
            wrapped = _wrap_rows(rows or [["（无）"] + [""] * (len(columns) - 1)], widths)
            for page in _paginate(wrapped):
                pdf.savefig(_table_page(title, columns, page, widths, family))
    return out.getvalue()


def _column_units(widths: tuple[float, ...]) -> list[int]:
    """How many half-width characters fit in each column (a 9 pt CJK character is two)."""
    total = sum(widths)
    # A 9 pt CJK character is 12.5 px wide: the table (1075 px less cell padding) holds ~80 across.
    return [max(8, int(w / total * 160)) for w in widths]


def _wrap_rows(rows: list[list[str]], widths: tuple[float, ...]) -> list[list[list[str]]]:
    """Each cell as its lines, wrapped to its column's width."""
    units = _column_units(widths)
    return [[wrap_display(str(value), limit, PDF_CELL_LINES) for value, limit in zip(row, units)]
            for row in rows]


def _row_height(row: list[list[str]]) -> float:
    return max(len(lines) for lines in row) * PDF_LINE + PDF_ROW_PAD


def _paginate(rows: list[list[list[str]]]) -> list[list[list[list[str]]]]:
    """Split wrapped rows into pages whose heights (with the header row) fit the table box."""
    room = 1.0 - (PDF_LINE + PDF_ROW_PAD)
    pages: list[list] = [[]]
    used = 0.0
    for row in rows:
        height = _row_height(row)
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += height
    return pages


def wrap_display(text: str, limit: int, max_lines: int) -> list[str]:
    """Wrap ``text`` to lines of at most ``limit`` display units (CJK and full-width count two).

    Existing line breaks are kept; past ``max_lines`` the last line ends in …
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for char in paragraph:
            width = display_width(char)
            if used + width > limit and line:
                lines.append(line)
                line, used = "", 0
            line += char
            used += width
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _table_page(title: str, columns: tuple[str, ...], rows: list[list[list[str]]],
                widths: tuple[float, ...], family: str):
    from matplotlib.figure import Figure
    figure = Figure(figsize=(PDF_PAGE_PX[0] / 100, PDF_PAGE_PX[1] / 100), dpi=100)
    figure.suptitle(title, family=family, fontsize=16, y=0.96)
    axes = figure.add_axes(PDF_TABLE_BOX)
    axes.set_axis_off()
    total = sum(widths)
    table = axes.table(cellText=[["\n".join(lines) for lines in row] for row in rows],
                       colLabels=list(columns), loc="upper center",
                       cellLoc="left", colWidths=[w / total for w in widths])
    table.auto_set_font_size(False)
    table.set_fontsize(PDF_FONT_PT)
    heights = [PDF_LINE + PDF_ROW_PAD] + [_row_height(row) for row in rows]
    for (row, _col), cell in table.get_celld().items():
        cell.set_height(heights[row])
        cell.PAD = 0.03  # of the cell width; the default 0.1 wastes a wide column
        cell.get_text().set_fontfamily(family)
        cell.get_text().set_linespacing(1.3)
    return figure


# --------------------------------------------------------------------------
# GraphML: the whole graph for Gephi, yEd or networkx


def graph_networkx(store):
    """The store's graph as a networkx MultiDiGraph; list properties joined by '；'."""
    import networkx as nx
    graph = nx.MultiDiGraph()
    for row in store.read("MATCH (n) RETURN n", limit=None).rows:
        node = row["n"]
        graph.add_node(node.id, label=node.label, **_graphml_props(node.props))
    for row in store.read("MATCH ()-[r]->() RETURN r", limit=None).rows:
        rel = row["r"]
        graph.add_edge(rel.start, rel.end, key=rel.id, type=rel.type,
                       **_graphml_props(rel.props))
    return graph


def _graphml_props(props: dict) -> dict:
    """GraphML attributes are scalars: lists become text, None is dropped, 'label' is ours."""
    clean = {}
    for name, value in props.items():
        if value is None or name in ("label", "type"):
            continue
        if isinstance(value, (list, tuple)):
            value = "；".join(str(v) for v in value)
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        clean[name] = value
    return clean


def graph_graphml(store) -> bytes:
    """The whole graph as GraphML bytes (UTF-8)."""
    import networkx as nx
    out = io.BytesIO()
    nx.write_graphml(graph_networkx(store), out, encoding="utf-8")
    return out.getvalue()


def write_graphml(store, path: str | Path) -> Path:
    """Write the whole graph to a .graphml file."""
    path = Path(path)
    if path.suffix.lower() != ".graphml":
        raise ExportError(f"{path}: the graph is written as .graphml")
    path.write_bytes(graph_graphml(store))
    return path
