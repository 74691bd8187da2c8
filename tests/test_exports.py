"""Exports written, then opened again with the library that reads that format."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from chainkg.cli import main
from chainkg.contract.formatting import zh_count, zh_money, zh_number, zh_percent
from chainkg.exports import ExportError, fonts
from chainkg.exports.briefing_pdf import wrap_display, write_briefing
from chainkg.exports.briefing_text import BRIEF_GAP_COLUMNS, BRIEF_REC_COLUMNS, Imprint, summary_lines
from chainkg.exports.graphml import write_graphml
from chainkg.exports.layout import layer_layout
from chainkg.exports.map_image import MAP_SIZE_PX, chain_map_image, write_chain_map
from chainkg.exports.tables import GAP_COLUMNS, gap_table_csv, gap_table_xlsx
from chainkg.graph.analysis.overview import graph_dump
from chainkg.graph.analysis.report import chain_report
from chainkg.graph.analysis.status import chain_map
from chainkg.graph.store import open_store
from tests import appdata


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(f"embedded:{tmp_path_factory.mktemp('exports') / 'graph'}") as opened:
        opened.ensure_schema()
        appdata.build(opened)
        yield opened


@pytest.fixture(scope="module")
def lithium(store):
    return chain_map(store, appdata.CHAIN, appdata.REGION)


@pytest.fixture(scope="module")
def briefing(store):
    return chain_report(store, appdata.CHAIN, appdata.REGION)


def test_chinese_numbers():
    assert zh_number(5_150_000_000, "元") == "51.5亿元"
    assert zh_number(150_000, "吨") == "15万吨"
    assert zh_number(12_000, "人") == "1.2万人"
    assert zh_number(8500, "吨") == "8500吨" and zh_number(None) == ""
    assert zh_money(3.2e9) == "32亿元" and zh_money(0) == ""
    assert zh_count(4654, "家") == "4654家" and zh_percent(0.625) == "62%"


def test_layers_run_upstream_to_downstream(lithium):
    layout = layer_layout(lithium.segments, lithium.edges)
    assert set(layout) == {g.segment for g in lithium.segments}
    for source, target in lithium.edges:
        assert layout[source][0] < layout[target][0], (source, target)
    assert len(set(layout.values())) == len(layout)  # no two boxes on one spot


def test_a_map_arrow_that_climbs_or_falls_rows_bows_away_from_its_column(lithium):
    from chainkg.exports.map_echarts import chain_map_option

    layout = layer_layout(lithium.segments, lithium.edges)
    links = chain_map_option(lithium)["series"][0]["links"]
    assert len(links) == len([e for e in lithium.edges if e[0] in layout and e[1] in layout])
    slanted = 0
    for link in links:
        rows = layout[link["target"]][1] - layout[link["source"]][1]
        bend = link.get("lineStyle", {}).get("curveness", 0)
        if rows:
            slanted += 1
            # ECharts bends a link to its left by positive curveness: a climbing arrow bends
            # right, out over the next column, instead of behind the boxes above its source
            assert (bend < 0) == (rows < 0) and bend != 0, link
        else:
            assert bend == 0, link
    assert slanted


def test_png_has_the_slide_size_and_svg_parses(lithium, tmp_path):
    from PIL import Image
    png = write_chain_map(lithium, tmp_path / "map.png")
    with Image.open(png) as image:
        assert image.size == MAP_SIZE_PX and image.format == "PNG"
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    assert (0x41, 0xAB, 0x5D) in colours  # the strong segment's green box was drawn
    svg = ET.parse(write_chain_map(lithium, tmp_path / "map.svg")).getroot()
    assert svg.tag.endswith("svg")


def test_html_map_renders_offline_with_title_legend_date_and_source(lithium, tmp_path):
    imprint = Imprint(issuer="衢州市投资促进中心", day=date(2024, 5, 1), documents=11)
    page = write_chain_map(lithium, tmp_path / "map.html", imprint).read_text(encoding="utf-8")
    markup = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    assert not re.findall(r"<(?:script|link)[^>]*(?:src|href)=\"https?://", markup)  # nothing remote
    assert "vis-network" in page and len(page) > 300_000  # the library is in-line
    assert json.dumps("正极材料\n优势·3家")[1:-1] in page  # name, status and count on the box
    assert "<title>衢州锂电池产业链图谱</title>" in page and "<h1" in page
    assert "编制单位：衢州市投资促进中心" in page and "2024年5月1日" in page
    assert "收录文档11篇" in page  # the source
    assert all(chip in page for chip in ("缺失", "薄弱", "具备", "优势", "断点"))  # the legend
    assert all(tier in page for tier in ("上游", "中游", "下游"))  # tier headers


def test_no_cjk_font_is_a_clear_error(lithium, monkeypatch):
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ("No Such Font 字体",))
    with pytest.raises(ExportError, match="fonts-noto-cjk"):
        chain_map_image(lithium, "png")


IMPRINT = Imprint(issuer="衢州市投资促进中心", day=date(2024, 5, 1), documents=11)


def test_summary_names_breaks_weak_links_and_targets_with_figures(briefing):
    lines = summary_lines(briefing)
    text = "\n".join(lines)
    assert lines[0].startswith("锂电池产业链共23个环节")
    assert "断点" in text and "电解液" in text  # the break, by name
    assert "薄弱环节" in text and "电解质锂盐" in text  # the weak link
    assert "32亿元" in text  # figures the Chinese way
    assert "重点招商对象1：" in text and "江苏远航电解液股份有限公司" in text
    actions = {g.segment: g.action_zh for g in briefing.chain_map.segments}
    for rec, line in zip(briefing.recommendations, [x for x in lines if x.startswith("重点招商对象")]):
        assert f"{actions[rec.segment]}：" in line  # 补链 for a missing link, 强链 for a weak one
    assert all("\t" not in line and "\n" not in line for line in lines)  # one line each


def test_docx_briefing_is_a4_with_title_page_summary_tables_and_sources(briefing, tmp_path):
    import docx
    from docx.shared import Cm
    document = docx.Document(write_briefing(briefing, tmp_path / "brief.docx", IMPRINT))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
    texts = [p.text for p in document.paragraphs]
    assert texts.index(briefing.title) < texts.index("编制单位：衢州市投资促进中心") < texts.index("2024年5月1日")
    assert texts.index("2024年5月1日") < texts.index("一、主要结论") < texts.index("二、产业链图谱")
    gap_table, rec_table = document.tables
    assert [c.text for c in gap_table.rows[0].cells] == list(BRIEF_GAP_COLUMNS)
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in gap_table.rows[1:]}
    assert rows["电解液"][3] == "补链（断点）" and rows["电解质锂盐"][3] == "强链"
    assert "正极材料" not in rows  # strong: nothing to do
    widths = [c.width for c in gap_table.rows[0].cells]
    assert widths[BRIEF_GAP_COLUMNS.index("说明")] > 3 * widths[BRIEF_GAP_COLUMNS.index("层级")]  # by content
    assert any("江苏远航电解液股份有限公司" == r.cells[BRIEF_REC_COLUMNS.index("企业")].text
               for r in rec_table.rows)
    assert len(document.inline_shapes) == 1  # the map
    assert document.inline_shapes[0].width <= section.page_width - section.left_margin - section.right_margin
    assert any(appdata.DOC_TITLE in p.text for p in document.paragraphs)


def test_pptx_is_16_9_with_every_shape_inside_its_slide(briefing, tmp_path):
    from pptx import Presentation
    brief = copy.deepcopy(briefing)
    brief.recommendations = brief.recommendations * 6  # more rows than one slide holds
    deck = Presentation(write_briefing(brief, tmp_path / "brief.pptx", IMPRINT))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= deck.slide_width, (number, shape.name)
            assert shape.top + shape.height <= deck.slide_height, (number, shape.name)
    titles = [_slide_text(s)[0] for s in deck.slides]
    assert titles[0] == brief.title and titles[1] == "主要结论"
    assert "编制单位：衢州市投资促进中心" in _slide_text(deck.slides[0])
    assert sum(t.startswith("重点招商对象（") for t in titles) >= 2  # split over slides, not cut
    cells = [c.text for s in deck.slides for sh in s.shapes if sh.has_table
             for row in sh.table.rows for c in row.cells]
    assert "电解液" in cells and cells.count("江苏远航电解液股份有限公司") == 6


def _slide_text(slide) -> list[str]:
    return [p.text for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]


def test_pdf_briefing_is_a4_and_draws_every_glyph(briefing, tmp_path):
    import warnings

    from pdfminer.high_level import extract_pages, extract_text
    brief = copy.deepcopy(briefing)
    assert brief.recommendations, "the fixture chain must have recommendations"
    first = brief.recommendations[0]
    first.evidence[0] = dataclasses.replace(first.evidence[0], sentence="江西赣锋\t赣锋锂业\t江西新余")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph 9 missing" for a tab it cannot draw
        pdf = write_briefing(brief, tmp_path / "brief.pdf", IMPRINT)
    page = next(iter(extract_pages(pdf)))
    assert (round(page.width), round(page.height)) == (595, 842)  # A4 portrait, in points
    text = extract_text(pdf)
    assert "补链强链延链清单" in text and "电解液" in text and "主要结论" in text  # Chinese embedded
    assert "编制单位：衢州市投资促进中心" in text and "江西赣锋 赣锋锂业 江西新余" in text
    with pytest.raises(ExportError, match="docx, .pptx or .pdf"):
        write_briefing(briefing, tmp_path / "brief.txt")


def test_pdf_briefing_wraps_long_cells_instead_of_cutting_them(briefing, tmp_path):
    from pdfminer.high_level import extract_text
    long = "据悉，" + "该项目总投资51.5亿元，建设年产10万吨正极材料生产线，" * 5 + "预计二〇二七年全面投产。"
    brief = copy.deepcopy(briefing)
    assert brief.recommendations, "the fixture chain must have recommendations"
    brief.recommendations = brief.recommendations * 12  # more rows than one page holds
    for rec in brief.recommendations:
        rec.evidence[0] = dataclasses.replace(rec.evidence[0], sentence=long)
    pdf = write_briefing(brief, tmp_path / "long.pdf")
    text = re.sub(r"\s", "", extract_text(pdf))
    assert text.count("预计二〇二七年全面投产。") == len(brief.recommendations)  # every sentence to its end
    from pdfminer.high_level import extract_pages
    assert sum(1 for _ in extract_pages(pdf)) >= 7  # title, summary, map, gaps, recommendations over 2+ pages, sources


def test_wrap_display_counts_cjk_as_two():
    assert wrap_display("正极材料ABCD", 8, 5) == ["正极材料", "ABCD"]
    assert wrap_display("ab\ncd", 10, 5) == ["ab", "cd"]
    assert wrap_display("锂" * 30, 4, 3) == ["锂锂", "锂锂", "锂…"]
    assert wrap_display("补负极材料环节，产品", 14, 5) == ["补负极材料环节，", "产品"]  # no line starts with ，
    assert wrap_display("产能为10GWh", 10, 5) == ["产能为", "10GWh"]  # a number stays whole


def test_gap_table_csv_and_xlsx(lithium, briefing):
    from openpyxl import load_workbook
    rows = list(csv.DictReader(io.StringIO(gap_table_csv(lithium.segments).decode("utf-8-sig"))))
    assert len(rows) == len(lithium.segments)
    cathode = next(r for r in rows if r["环节"] == "正极材料")
    assert cathode["状态"] == "优势" and cathode["本地投资"] == "32亿元" and cathode["产能"] == "5万吨"
    book = load_workbook(io.BytesIO(gap_table_xlsx(lithium.segments, briefing.recommendations)))
    gaps_sheet, recs_sheet = book.worksheets
    header = [c.value for c in gaps_sheet[1]]
    assert header == [("本地投资（亿元）" if c == "本地投资" else c) for c in GAP_COLUMNS]
    assert gaps_sheet.max_row == len(lithium.segments) + 1
    money = header.index("本地投资（亿元）")
    assert 32.0 in [row[money].value for row in gaps_sheet.iter_rows(min_row=2)]  # a number, in 亿元
    columns = [c.value for c in recs_sheet[1]]
    company, score = columns.index("企业"), columns.index("得分")
    rows = list(recs_sheet.iter_rows(min_row=2))
    assert "江苏远航电解液股份有限公司" in [row[company].value for row in rows]
    assert all(isinstance(row[score].value, float) for row in rows)  # typed, so Excel sorts it
    widest = max(len(row[company].value) for row in rows)
    assert recs_sheet.column_dimensions["C"].width >= 2 * widest  # fitted: a CJK character is two


def test_graphml_parses_with_every_node_and_relationship(store, tmp_path):
    import networkx as nx
    graph = nx.read_graphml(write_graphml(*graph_dump(store), tmp_path / "g.graphml"))
    nodes = store.rows("MATCH (n) RETURN count(n) AS n")[0]["n"]
    relationships = store.rows("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    assert graph.number_of_nodes() == nodes and graph.number_of_edges() == relationships
    companies = {d["name"] for _, d in graph.nodes(data=True) if d["label"] == "Company"}
    assert "衢州华锂正极材料有限公司" in companies
    assert any(d["type"] == "MAKES" and d.get("sentence") for *_, d in graph.edges(data=True))


def test_cli_export_commands(store, tmp_path):
    from click.testing import CliRunner
    spec = f"embedded:{store.location}"
    runner = CliRunner()
    for name in ("map.png", "map.html"):
        result = runner.invoke(main, ["export", "map", "--chain", appdata.CHAIN, "--region",
                                      appdata.REGION, "-o", str(tmp_path / name), "--store", spec])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 10_000
    result = runner.invoke(main, ["export", "briefing", "--chain", appdata.CHAIN, "--region",
                                  appdata.REGION, "-o", str(tmp_path / "b.docx"), "--store", spec])
    assert result.exit_code == 0 and (tmp_path / "b.docx").exists()
    result = runner.invoke(main, ["export", "graph", "-o", str(tmp_path / "g.txt"), "--store", spec])
    assert result.exit_code == 2 and "graphml" in result.output


def test_a_full_table_keeps_its_short_columns_readable():
    """When the content asks for more than the page holds, a score keeps room for its digits
    and the long text columns wrap; proportional squeezing left 0.52 one character a line."""
    from chainkg.exports.briefing import column_shares
    columns = ("序号", "企业", "所在地", "得分", "依据")
    rows = [["1", "江西赣锋锂业集团股份有限公司", "江西省新余市", "0.52", "锂盐龙头，" * 30]]
    shares = column_shares(columns, rows, capacity=84, margin=3)
    assert abs(sum(shares) - 1) < 1e-9
    score = shares[columns.index("得分")] * 84
    assert score >= 4 + 3  # 0.52 and its header (two characters) with the margins, on one line
    assert shares[columns.index("依据")] == max(shares)  # the long text takes what is left
    assert column_shares(columns, rows) == column_shares(columns, rows, capacity=None)
