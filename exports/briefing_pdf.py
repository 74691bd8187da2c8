"""The briefing as PDF (A4 portrait) drawn with matplotlib, and ``write_briefing`` for any format.

The same parts as the DOCX: a title page, the conclusions on one page, the map fitted to the
page width, the tables (cells wrap by display width, a CJK character counting two; rows flow
onto as many pages as they need, and only a cell over PDF_CELL_LINES lines is cut with …) and
the sources. The font is embedded, so the PDF reads the same anywhere.
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from PIL import Image

from chainkg.contract.formatting import display_width
from chainkg.exports import ExportError
from chainkg.exports.briefing import briefing_docx, briefing_pptx, column_shares
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
from chainkg.exports.map_image import chain_map_image
from chainkg.graph.analysis.model import ChainReport

PDF_PAGE_IN = (8.27, 11.69)  # A4 portrait
DPI = 100
MARGIN = (0.1, 0.07)         # left/right and top/bottom margins, as shares of the page
PDF_TABLE_BOX = (MARGIN[0], MARGIN[1], 1 - 2 * MARGIN[0], 0.84)  # left, bottom, width, height
PDF_FONT_PT = 9
PDF_LINE = 1.45 * PDF_FONT_PT / 72 / (PDF_TABLE_BOX[3] * PDF_PAGE_IN[1])  # a text line, in axes height
PDF_ROW_PAD = 0.6 * PDF_LINE
PDF_CELL_LINES = 8  # longer cells are cut with … after this many lines
TEXT_PT = 12


def briefing_pdf(report: ChainReport, imprint: Imprint = Imprint()) -> bytes:
    """The briefing as PDF (A4): title page, conclusions, map, tables, sources; font embedded."""
    family = cjk_font_family()
    sections = [("三、补链强链延链清单", BRIEF_GAP_COLUMNS, brief_gap_rows(report)),
                ("四、重点招商对象", BRIEF_REC_COLUMNS, brief_rec_rows(report))]
    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": report.title, "Author": imprint.issuer or "chainkg"}) as pdf:
        pdf.savefig(_title_page(report, imprint, family))
        for page in _text_pages("一、主要结论", [f"{n}. {line}" for n, line in
                                               enumerate(summary_lines(report), 1)], family):
            pdf.savefig(page)
        pdf.savefig(_map_page(report, imprint, family))
        for title, columns, rows in sections:
            rows = rows or [["（无）"] + [""] * (len(columns) - 1)]
            widths = column_shares(columns, rows)
            for page in _paginate(_wrap_rows(rows, widths)):
                pdf.savefig(_table_page(title, columns, page, widths, family))
        for page in _text_pages("五、资料来源", [f"{n}. {line}" for n, line in
                                               enumerate(source_lines(report) or ["（无）"], 1)], family):
            pdf.savefig(page)
    return out.getvalue()


def _page() -> Figure:
    return Figure(figsize=PDF_PAGE_IN, dpi=DPI)


def _title_page(report: ChainReport, imprint: Imprint, family: str) -> Figure:
    figure = _page()
    figure.text(0.5, 0.66, report.title, family=family, fontsize=24, weight="bold",
                ha="center", va="center")
    lines = [f"编制单位：{imprint.issuer}" if imprint.issuer else "", imprint.date_text]
    for index, line in enumerate(l for l in lines if l):
        figure.text(0.5, 0.40 - index * 0.04, line, family=family, fontsize=15, ha="center")
    return figure


def _text_pages(title: str, lines: list[str], family: str) -> list[Figure]:
    """Numbered lines wrapped to the text width, over as many pages as they need."""
    units = int((1 - 2 * MARGIN[0]) * PDF_PAGE_IN[0] * 72 / (TEXT_PT / 2))
    line_height = 1.5 * TEXT_PT / 72 / PDF_PAGE_IN[1]
    pages: list[Figure] = []
    y = 0.0
    for line in lines:
        wrapped = wrap_display(line, units, 20)
        if not pages or y - len(wrapped) * line_height < MARGIN[1]:
            pages.append(_page())
            pages[-1].text(MARGIN[0], 1 - MARGIN[1], title, family=family, fontsize=16,
                           weight="bold", va="top")
            y = 1 - MARGIN[1] - 0.06
        for part in wrapped:
            pages[-1].text(MARGIN[0], y, part, family=family, fontsize=TEXT_PT, va="top")
            y -= line_height
        y -= line_height * 0.5
    return pages


def _map_page(report: ChainReport, imprint: Imprint, family: str) -> Figure:
    """The map image as wide as the text, under its heading, with the source below."""
    figure = _page()
    figure.text(MARGIN[0], 1 - MARGIN[1], "二、产业链图谱", family=family, fontsize=16,
                weight="bold", va="top")
    picture = Image.open(io.BytesIO(chain_map_image(report.chain_map, "png")))
    width = 1 - 2 * MARGIN[0]
    height = width * PDF_PAGE_IN[0] / PDF_PAGE_IN[1] * picture.height / picture.width
    top = 1 - MARGIN[1] - 0.05
    axes = figure.add_axes((MARGIN[0], top - height, width, height))
    axes.imshow(picture, interpolation="lanczos")
    axes.set_axis_off()
    figure.text(MARGIN[0], top - height - 0.02, f"{map_title(report.chain_map)}。{imprint.source_text()}",
                family=family, fontsize=9, va="top", color="#444444")
    return figure


def _column_units(widths: list[float]) -> list[int]:
    """How many half-width characters fit in each column at PDF_FONT_PT."""
    across = PDF_TABLE_BOX[2] * PDF_PAGE_IN[0] * 72 / (PDF_FONT_PT / 2) * 0.86  # less cell padding
    return [max(6, int(w * across)) for w in widths]


def _wrap_rows(rows: list[list[str]], widths: list[float]) -> list[list[list[str]]]:
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


# Chinese typesetting keeps these off the start of a line (避头点): they stay on the line before.
NO_LINE_START = set("，。、；：！？）》」』】”’,.;:!?)%")
LATIN_RUN = 12  # a Latin word or number this short (10GWh, 0.52) is not broken


def wrap_display(text: str, limit: int, max_lines: int) -> list[str]:
    """Wrap ``text`` to lines of at most ``limit`` display units (CJK and full-width count two).

    Existing line breaks are kept; a closing punctuation mark never starts a line and a short
    Latin word or number is not broken; past ``max_lines`` the last line ends in …
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for char in paragraph:
            width = display_width(char)
            if used + width > limit and line and char not in NO_LINE_START:
                line, carried = _split_latin_run(line, char)
                lines.append(line)
                line, used = carried, display_width(carried)
            line += char
            used += width
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _split_latin_run(line: str, next_char: str) -> tuple[str, str]:
    """(line, carried): a short Latin word or number at the line's end, continued by
    ``next_char``, moves to the next line whole."""
    if not (next_char.isascii() and next_char.isalnum()):
        return line, ""
    start = len(line)
    while start > 0 and line[start - 1].isascii() and (line[start - 1].isalnum() or line[start - 1] == "."):
        start -= 1
    if 0 < start and len(line) - start < LATIN_RUN:
        return line[:start], line[start:]
    return line, ""


def _table_page(title: str, columns: tuple[str, ...], rows: list[list[list[str]]],
                widths: list[float], family: str) -> Figure:
    figure = _page()
    figure.text(MARGIN[0], 1 - MARGIN[1], title, family=family, fontsize=16, weight="bold", va="top")
    axes = figure.add_axes(PDF_TABLE_BOX)
    axes.set_axis_off()
    table = axes.table(cellText=[["\n".join(lines) for lines in row] for row in rows],
                       colLabels=list(columns), loc="upper center", cellLoc="left",
                       colWidths=list(widths))
    table.auto_set_font_size(False)
    table.set_fontsize(PDF_FONT_PT)
    heights = [PDF_LINE + PDF_ROW_PAD] + [_row_height(row) for row in rows]
    for (row, _col), cell in table.get_celld().items():
        cell.set_height(heights[row])
        cell.PAD = 0.03  # of the cell width; the default 0.1 wastes a wide column
        cell.get_text().set_fontfamily(family)
        cell.get_text().set_linespacing(1.3)
        if row == 0:
            cell.set_facecolor("#dde8f3")
            cell.get_text().set_weight("bold")
    return figure


def write_briefing(report: ChainReport, path: str | Path, imprint: Imprint = Imprint()) -> Path:
    """Write the briefing to ``path``: .docx, .pptx or .pdf by the suffix."""
    path = Path(path)
    writers = {".docx": briefing_docx, ".pptx": briefing_pptx, ".pdf": briefing_pdf}
    if path.suffix.lower() not in writers:
        raise ExportError(f"{path}: a briefing is written as .docx, .pptx or .pdf")
    path.write_bytes(writers[path.suffix.lower()](report, imprint))
    return path
