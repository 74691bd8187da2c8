"""Briefings as a Chinese government office hands them to its director: DOCX (A4) and PPTX (16:9).

Both open with a title page (title, 编制单位, date) and a one-page summary of conclusions,
then the map fitted inside its page or slide, the gap table and the companies to approach
(tables sized to their content; a table longer than a slide goes on to the next slide, Word
breaks a table across pages and repeats its header), and the sources. The PDF is
briefing_pdf.py.
"""

from __future__ import annotations

import io
import math

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn as docx_qn
from docx.shared import Cm, Pt, RGBColor
from pptx import Presentation
from pptx.dml.color import RGBColor as PptxRGB
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn as pptx_qn
from pptx.util import Emu, Inches
from pptx.util import Pt as PptxPt

from chainkg.contract.formatting import display_width
from chainkg.exports.briefing_text import (
    BRIEF_GAP_COLUMNS,
    BRIEF_REC_COLUMNS,
    Imprint,
    brief_gap_rows,
    brief_rec_rows,
    map_title,
    source_lines,
    summary_lines,
)
from chainkg.exports.fonts import cjk_font_family
from chainkg.exports.map_image import MAP_SIZE_PX, chain_map_image
from chainkg.graph.analysis.model import ChainReport

# The widest a column may ask for, in display units (a CJK character is two), by column name;
# others ask for their content. Long text then wraps instead of squeezing the short columns.
COLUMN_CAPS = {"说明": 60, "依据": 60, "本地企业": 30, "企业": 30, "所在地": 16}
LINE_EM = 1.45  # a line of Noto Sans CJK is 1.45 em high (its ascent and descent)
SHORT_COLUMN = 14  # display units: a column this narrow keeps its width when a table is full
PT_PER_CM = 72 / 2.54


def column_shares(columns: tuple[str, ...], rows: list[list[str]],
                  capacity: float | None = None, margin: float = 0.0) -> list[float]:
    """Each column's share of a table's width, by the display width of its content.

    ``capacity`` is how many display units the table's width holds at its font, ``margin`` the
    units a cell's own margins take. When the content asks for more than fits, the columns
    share the width by what they ask, but a short column (a score, a place, a tier) never gets
    less than its content on one line; the long ones (说明, 依据) give way and wrap. Squeezing
    every column alike left 0.52 one character a line.
    """
    wants, floors = [], []
    for index, name in enumerate(columns):
        widest = max(display_width(r[index]) for r in rows)
        # a header never wraps: two characters more than its own width, for the cell's margins
        wants.append(max(6, display_width(name) + 2, min(COLUMN_CAPS.get(name, 24), widest + 1)) + margin)
        whole = max(display_width(name), widest) + margin
        floors.append(whole if whole <= SHORT_COLUMN + margin else 0.0)
    if capacity is None or sum(wants) <= capacity:
        return [w / sum(wants) for w in wants]
    fixed: dict[int, float] = {}
    while True:  # floor the short columns the proportional share would cut, then share again
        free = [i for i in range(len(wants)) if i not in fixed]
        room = capacity - sum(fixed.values())
        total = sum(wants[i] for i in free)
        widths = {i: wants[i] * room / total for i in free} if total and room > 0 else {}
        cut = {i: floors[i] for i in free if widths.get(i, 0) < floors[i]}
        if not cut or room <= 0 or len(cut) == len(free):
            break
        fixed.update(cut)
    if room <= 0 or not widths:
        return [w / sum(wants) for w in wants]
    widths.update(fixed)
    return [widths[i] / capacity for i in range(len(wants))]


def text_lines(text: str, width_pt: float, size_pt: float) -> int:
    """Lines ``text`` takes in a box ``width_pt`` wide at ``size_pt`` (a CJK character is one em)."""
    # display units a line holds, less a tenth: a line breaks before a character that does not
    # fit whole and before a closing bracket or comma it may not start with (避头点)
    per_line = max(1.0, 0.9 * width_pt / (size_pt / 2))
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in (text or " ").split("\n"))


# --------------------------------------------------------------------------
# DOCX: A4 portrait, margins after GB/T 9704 (top 3.7 cm, bottom 3.5, left 2.8, right 2.6)

A4_CM = (21.0, 29.7)
DOCX_MARGINS_CM = (3.7, 3.5, 2.8, 2.6)  # top, bottom, left, right
DOCX_TEXT_CM = A4_CM[0] - DOCX_MARGINS_CM[2] - DOCX_MARGINS_CM[3]
DOCX_TABLE_PT = 10.5  # 五号
DOCX_CELL_MARGIN_CM = 0.19  # Word's default left and right cell margin


def briefing_docx(report: ChainReport, imprint: Imprint = Imprint()) -> bytes:
    """The briefing as a Word document (A4): title page, conclusions, map, tables, sources."""
    document = Document()
    family = cjk_font_family()
    _docx_page(document)
    _docx_styles(document, family)
    _docx_title_page(document, report, imprint)
    _docx_heading(document, "一、主要结论")
    for number, line in enumerate(summary_lines(report), 1):
        paragraph = document.add_paragraph(f"{number}. {line}")
        paragraph.paragraph_format.space_after = Pt(6)
    _docx_heading(document, "二、产业链图谱", new_page=True)
    document.add_picture(io.BytesIO(chain_map_image(report.chain_map, "png")), width=Cm(DOCX_TEXT_CM))
    document.add_paragraph(imprint.source_text(), style="Caption")
    _docx_heading(document, "三、补链强链延链清单")
    _docx_table(document, BRIEF_GAP_COLUMNS, brief_gap_rows(report))
    _docx_heading(document, "四、重点招商对象")
    _docx_table(document, BRIEF_REC_COLUMNS, brief_rec_rows(report))
    _docx_heading(document, "五、资料来源")
    for line in source_lines(report) or ["（无）"]:
        document.add_paragraph(line, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
    top, bottom, left, right = DOCX_MARGINS_CM
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)


def _docx_styles(document, family: str) -> None:
    """One CJK family everywhere; Word picks East Asian text's font from w:eastAsia."""
    sizes = {"Normal": 12, "Title": 26, "Heading 1": 16, "Caption": 9, "List Number": 12}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.name = family
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts.set(docx_qn(attribute), family)


def _docx_title_page(document, report: ChainReport, imprint: Imprint) -> None:
    for _ in range(6):
        document.add_paragraph()
    title = document.add_paragraph(report.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(8):
        document.add_paragraph()
    for text in (f"编制单位：{imprint.issuer}" if imprint.issuer else "", imprint.date_text):
        if text:
            line = document.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line.add_run(text).font.size = Pt(16)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _docx_heading(document, text: str, new_page: bool = False) -> None:
    heading = document.add_heading(text, level=1)
    heading.paragraph_format.page_break_before = new_page


def _docx_table(document, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    """A table as wide as the text, columns by their content, header repeated on every page."""
    rows = rows or [["（无）"] + [""] * (len(columns) - 1)]
    unit_cm = DOCX_TABLE_PT / 2 / PT_PER_CM  # a display unit is half an em
    shares = column_shares(columns, rows, capacity=DOCX_TEXT_CM / unit_cm,
                           margin=2 * DOCX_CELL_MARGIN_CM / unit_cm + 2)
    widths = [Cm(DOCX_TEXT_CM * share) for share in shares]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _docx_fixed_layout(table)
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    _docx_repeat_header(table.rows[0])
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(DOCX_TABLE_PT)
    for column, width in zip(table.columns, widths):
        column.width = width


def _docx_fixed_layout(table) -> None:
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(docx_qn("w:type"), "fixed")
    properties.append(layout)


def _docx_repeat_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(docx_qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


# --------------------------------------------------------------------------
# PPTX: 16:9, our own text boxes (the default layouts' placeholders are placed for 4:3)

SLIDE_IN = (13.333, 7.5)
SLIDE_MARGIN_IN = 0.45
TITLE_TOP_IN, TITLE_HEIGHT_IN = 0.3, 0.8
BODY_TOP_IN = 1.25
BODY_IN = (SLIDE_IN[0] - 2 * SLIDE_MARGIN_IN, SLIDE_IN[1] - BODY_TOP_IN - 0.35)
PPTX_TABLE_PT = 12
CELL_MARGIN_IN = 0.06
ACCENT = PptxRGB(0x08, 0x30, 0x6B)


def briefing_pptx(report: ChainReport, imprint: Imprint = Imprint()) -> bytes:
    """The briefing as 16:9 slides: title, conclusions, map, gap table, targets, sources."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_IN[0]), Inches(SLIDE_IN[1])
    family = cjk_font_family()
    _title_slide(deck, report, imprint)
    _text_slide(deck, "主要结论", [f"{n}. {line}" for n, line in enumerate(summary_lines(report), 1)])
    _map_slide(deck, report)
    _table_slides(deck, "补链强链延链清单", BRIEF_GAP_COLUMNS, brief_gap_rows(report))
    _table_slides(deck, "重点招商对象", BRIEF_REC_COLUMNS, brief_rec_rows(report))
    _text_slide(deck, "资料来源", source_lines(report) or ["（无）"])
    _pptx_font(deck, family)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _blank(deck):
    return deck.slides.add_slide(deck.slide_layouts[6])


def _text_box(slide, left, top, width, height, lines: list[str], size: float, *,
              bold: bool = False, align=PP_ALIGN.LEFT, colour=None):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for index, text in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        paragraph.space_after = PptxPt(size * 0.4)
        run = paragraph.add_run()
        run.text = text
        run.font.size = PptxPt(size)
        run.font.bold = bold
        if colour is not None:
            run.font.color.rgb = colour
    return box


def _slide_title(slide, text: str) -> None:
    _text_box(slide, SLIDE_MARGIN_IN, TITLE_TOP_IN, BODY_IN[0], TITLE_HEIGHT_IN, [text], 26,
              bold=True, colour=ACCENT)


def _title_slide(deck, report: ChainReport, imprint: Imprint) -> None:
    slide = _blank(deck)
    _text_box(slide, 1.0, 2.3, SLIDE_IN[0] - 2.0, 1.3, [report.title], 36, bold=True,
              align=PP_ALIGN.CENTER, colour=ACCENT)
    lines = [f"编制单位：{imprint.issuer}" if imprint.issuer else "", imprint.date_text]
    _text_box(slide, 1.0, 4.4, SLIDE_IN[0] - 2.0, 1.2, [l for l in lines if l], 20,
              align=PP_ALIGN.CENTER)


def _text_slide(deck, title: str, lines: list[str]) -> None:
    """Lines on one slide at the largest size (20 pt down to 12 pt) that fits; more slides only
    when even 12 pt does not."""
    for size in (20, 18, 16, 14, 12):
        if _text_height(lines, size) <= BODY_IN[1]:
            pages = [lines]
            break
    else:
        size, pages = 12, _split_lines(lines, 12)
    for number, page in enumerate(pages, 1):
        slide = _blank(deck)
        _slide_title(slide, title + (f"（{number}/{len(pages)}）" if len(pages) > 1 else ""))
        _text_box(slide, SLIDE_MARGIN_IN, BODY_TOP_IN, BODY_IN[0], BODY_IN[1], page, size)


def _text_height(lines: list[str], size: float) -> float:
    width_pt = (BODY_IN[0] - 0.2) * 72
    return sum(text_lines(l, width_pt, size) * size * LINE_EM + size * 0.4 for l in lines) / 72 + 0.1


def _split_lines(lines: list[str], size: float) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for line in lines:
        if pages[-1] and _text_height(pages[-1] + [line], size) > BODY_IN[1]:
            pages.append([])
        pages[-1].append(line)
    return pages


def _map_slide(deck, report: ChainReport) -> None:
    """The map as large as fits between the title and the foot, centred."""
    slide = _blank(deck)
    _slide_title(slide, map_title(report.chain_map))
    ratio = MAP_SIZE_PX[0] / MAP_SIZE_PX[1]
    height = min(BODY_IN[1], BODY_IN[0] / ratio)
    width = height * ratio
    slide.shapes.add_picture(io.BytesIO(chain_map_image(report.chain_map, "png")),
                             Inches((SLIDE_IN[0] - width) / 2), Inches(BODY_TOP_IN),
                             width=Inches(width), height=Inches(height))


def _table_slides(deck, title: str, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    """The rows on as many slides as their heights need, each table inside its slide."""
    rows = rows or [["（无）"] + [""] * (len(columns) - 1)]
    unit_in = PPTX_TABLE_PT / 2 / 72
    shares = column_shares(columns, rows, capacity=BODY_IN[0] / unit_in, margin=2 * CELL_MARGIN_IN / unit_in + 1)
    widths = [BODY_IN[0] * share for share in shares]
    heights = [_row_height(row, widths) for row in rows]
    header = _row_height(list(columns), widths)
    pages = _pages(heights, BODY_IN[1] - header)
    for number, (start, end) in enumerate(pages, 1):
        slide = _blank(deck)
        _slide_title(slide, title + (f"（{number}/{len(pages)}）" if len(pages) > 1 else ""))
        page_rows = rows[start:end]
        shape = slide.shapes.add_table(
            len(page_rows) + 1, len(columns), Inches(SLIDE_MARGIN_IN), Inches(BODY_TOP_IN),
            Inches(BODY_IN[0]), Inches(header + sum(heights[start:end])))
        table = shape.table
        for column, width in zip(table.columns, widths):
            column.width = Inches(width)
        for r, (values, height) in enumerate([(list(columns), header)]
                                             + list(zip(page_rows, heights[start:end]))):
            table.rows[r].height = Emu(int(Inches(height)))
            for c, value in enumerate(values):
                _table_cell(table.cell(r, c), value, bold=r == 0)


def _row_height(values: list[str], widths: list[float]) -> float:
    lines = max(text_lines(v, (w - 2 * CELL_MARGIN_IN) * 72, PPTX_TABLE_PT) for v, w in zip(values, widths))
    return lines * PPTX_TABLE_PT * LINE_EM / 72 + 2 * CELL_MARGIN_IN + 0.02


def _pages(heights: list[float], room: float) -> list[tuple[int, int]]:
    """(start, end) of each slide's rows; a row taller than a whole slide gets a slide of its own."""
    pages, start, used = [], 0, 0.0
    for index, height in enumerate(heights):
        if index > start and used + height > room:
            pages.append((start, index))
            start, used = index, 0.0
        used += height
    pages.append((start, len(heights)))
    return pages


def _table_cell(cell, text: str, *, bold: bool) -> None:
    cell.margin_left = cell.margin_right = Inches(CELL_MARGIN_IN)
    cell.margin_top = cell.margin_bottom = Inches(CELL_MARGIN_IN)
    frame = cell.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = PptxPt(PPTX_TABLE_PT)
            run.font.bold = bold


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
