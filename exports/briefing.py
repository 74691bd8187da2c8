"""Briefings: the chain map, the gap table, the top recommendations and the sources, as
DOCX or PPTX (and PDF through briefing_pdf.py)."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn as docx_qn
from docx.shared import Cm
from pptx import Presentation
from pptx.oxml.ns import qn as pptx_qn
from pptx.util import Inches, Pt

from chainkg.exports.fonts import cjk_font_family
from chainkg.exports.map_image import chain_map_image
from chainkg.exports.tables import gap_rows, recommendation_rows
from chainkg.graph.analysis.model import ChainReport

BRIEF_GAP_COLUMNS = ("环节", "层级", "状态", "建议", "本地企业", "说明")
BRIEF_REC_COLUMNS = ("环节", "企业", "所在地", "得分", "依据")


def brief_gap_rows(report: ChainReport) -> list[list[str]]:
    """The gap table of a briefing: segments with an action, 断点 folded into 建议."""
    rows = gap_rows(report.chain_map.segments, actions_only=True)
    return [[str(row[c]) + ("（断点）" if c == "建议" and row["断点"] else "") for c in BRIEF_GAP_COLUMNS]
            for row in rows]


def brief_rec_rows(report: ChainReport) -> list[list[str]]:
    """The recommendation table of a report."""
    return [[f"{row[c]:.2f}" if c == "得分" else str(row[c]) for c in BRIEF_REC_COLUMNS]
            for row in recommendation_rows(report.recommendations)]


def source_lines(report: ChainReport) -> list[str]:
    """One line a cited document: 《title》（date），source."""
    return [f"《{s.title or s.doc_id}》" + (f"（{s.date}）" if s.date else "")
            + (f"，{s.source}" if s.source else "") for s in report.sources]


def briefing_docx(report: ChainReport) -> bytes:
    """The briefing as a Word document: title, map picture, gap table, recommendations, sources."""
    document = Document()
    _docx_chinese_font(document, cjk_font_family())
    document.add_heading(report.title, level=0)
    document.add_heading("一、产业链图谱", level=1)
    document.add_picture(io.BytesIO(chain_map_image(report.chain_map, "png")), width=Cm(16))
    document.add_heading("二、补链强链延链清单", level=1)
    _docx_table(document, BRIEF_GAP_COLUMNS, brief_gap_rows(report))
    document.add_heading("三、重点招商对象", level=1)
    _docx_table(document, BRIEF_REC_COLUMNS, brief_rec_rows(report))
    document.add_heading("四、资料来源", level=1)
    for line in source_lines(report) or ["（无）"]:
        document.add_paragraph(line, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_chinese_font(document, family: str) -> None:
    """Word picks the East Asian font from w:eastAsia; without it Chinese falls back oddly."""
    for style_name in ("Normal", "Title", "Heading 1"):
        style = document.styles[style_name]
        style.font.name = family
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(docx_qn("w:eastAsia"), family)


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


def briefing_pptx(report: ChainReport) -> bytes:
    """The briefing as slides: title, map, gap table (paged), recommendations, sources."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    family = cjk_font_family()
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = report.title
    title.placeholders[1].text = f"{report.chain_map.region} · {report.chain_map.name}"
    picture = deck.slides.add_slide(deck.slide_layouts[5])
    picture.shapes.title.text = "产业链图谱"
    picture.shapes.add_picture(io.BytesIO(chain_map_image(report.chain_map, "png")),
                               Inches(0.9), Inches(1.3), width=Inches(11.5))
    _pptx_tables(deck, "补链强链延链清单", BRIEF_GAP_COLUMNS, brief_gap_rows(report), family)
    _pptx_tables(deck, "重点招商对象", BRIEF_REC_COLUMNS, brief_rec_rows(report), family)
    sources = deck.slides.add_slide(deck.slide_layouts[1])
    sources.shapes.title.text = "资料来源"
    sources.placeholders[1].text = "\n".join(source_lines(report)) or "（无）"
    _pptx_font(deck, family)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _pptx_tables(deck, title: str, columns: tuple[str, ...], rows: list[list[str]],
                 family: str, per_slide: int = 10) -> None:
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
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = ([c.text_frame for row in shape.table.rows for c in row.cells]
                      if shape.has_table else [shape.text_frame] if shape.has_text_frame else [])
            for run in (r for f in frames for p in f.paragraphs for r in p.runs):
                run.font.name = family
                properties = run._r.get_or_add_rPr()
                east_asian = properties.find(pptx_qn("a:ea"))
                if east_asian is None:
                    east_asian = properties.makeelement(pptx_qn("a:ea"), {})
                    properties.append(east_asian)
                east_asian.set("typeface", family)
