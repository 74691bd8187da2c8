"""The briefing as PDF (A4 landscape) drawn with matplotlib, and ``write_briefing`` for any format."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from chainkg.contract.formatting import display_width
from chainkg.exports import ExportError
from chainkg.exports.briefing import (
    BRIEF_GAP_COLUMNS,
    BRIEF_REC_COLUMNS,
    brief_gap_rows,
    brief_rec_rows,
    briefing_docx,
    briefing_pptx,
    source_lines,
)
from chainkg.exports.fonts import cjk_font_family
from chainkg.exports.map_image import chain_map_figure
from chainkg.graph.analysis.model import ChainReport

PDF_PAGE_PX = (1169, 827)  # A4 landscape at 100 dpi
PDF_TABLE_BOX = (0.04, 0.04, 0.92, 0.86)  # the table's axes on the page (left, bottom, width, height)
PDF_FONT_PT = 9
PDF_LINE = 1.45 * PDF_FONT_PT * 100 / 72 / (PDF_TABLE_BOX[3] * PDF_PAGE_PX[1])  # one text line, in axes height
PDF_ROW_PAD = 0.6 * PDF_LINE
PDF_CELL_LINES = 8  # longer cells are cut with … after this many lines


def briefing_pdf(report: ChainReport) -> bytes:
    """The briefing as PDF (A4 landscape): the map, then the tables, Chinese font embedded.

    Table cells wrap (a long evidence sentence takes several lines) and rows
    flow onto as many pages as they need.
    """
    family = cjk_font_family()
    sections = [("补链强链延链清单", BRIEF_GAP_COLUMNS, brief_gap_rows(report), (1, 1, 1, 1, 3, 5)),
                ("重点招商对象", BRIEF_REC_COLUMNS, brief_rec_rows(report), (1.2, 2.5, 1.4, 0.6, 5)),
                ("资料来源", ("文档",), [[line] for line in source_lines(report)], (1,))]
    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": report.title}) as pdf:
        pdf.savefig(chain_map_figure(report.chain_map, size_px=PDF_PAGE_PX))
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


def write_briefing(report: ChainReport, path: str | Path) -> Path:
    """Write the briefing to ``path``: .docx, .pptx or .pdf by the suffix."""
    path = Path(path)
    writers = {".docx": briefing_docx, ".pptx": briefing_pptx, ".pdf": briefing_pdf}
    if path.suffix.lower() not in writers:
        raise ExportError(f"{path}: a briefing is written as .docx, .pptx or .pdf")
    path.write_bytes(writers[path.suffix.lower()](report))
    return path
