"""Rows of the gap table, the recommendations and the chain leaders: the one place they are shaped.

The CLI prints them, the app shows them, CSV and XLSX files hold them and the briefings
take the columns they need. Column names and figures are Chinese (28亿元, 补链, 上游).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from chainkg.contract.formatting import display_width, plain_text, zh_money
from chainkg.contract.labels import PART_ZH, REVIEW_KIND_ZH, REVIEW_STATUS_ZH, part_zh, status_zh, tier_zh
from chainkg.graph.analysis.model import GapConfig, Leader, Recommendation, ScorePart, SegmentGap

Row = dict[str, str | float]

GAP_COLUMNS = ("环节", "层级", "状态", "建议", "断点", "本地企业", "本地项目", "计入依据", "产能", "本地投资", "说明")
RECOMMENDATION_COLUMNS = ("序号", "环节", "企业", "所在地", "产品", "得分", "得分构成", "依据")
LEADER_COLUMNS = ("企业", "本地", "所在省份", "环节", "产能", "得分")
REVIEW_COLUMNS = ("类型", "状态", "对象", "目标", "理由", "置信度", "编号")


def gap_rows(gaps: Sequence[SegmentGap], *, actions_only: bool = False) -> list[Row]:
    """One row a segment (only the segments with an action when ``actions_only``)."""
    return [{
        "环节": g.name,
        "层级": tier_zh(g.tier),
        "状态": status_zh(g.status),
        "建议": g.action_zh,
        "断点": "是" if g.is_break else "",
        "本地企业": "、".join(g.companies),
        "本地项目": "、".join(g.projects),
        "计入依据": "；".join(f"{name}：{why}" for name, why in g.why_local.items()),
        "产能": g.capacity or "",
        "本地投资": zh_money(g.investment_cny),
        "说明": plain_text(g.reason),
    } for g in gaps if g.action is not None or not actions_only]


def place_text(province: str | None, city: str | None) -> str:
    """浙江省·衢州市; the parts that are known."""
    return "·".join(p for p in (province, city) if p)


def segment_text(r: Recommendation) -> str:
    """前驱体（另可补：电池包）: the row's segment and the company's other gap segments."""
    other = f"（另可补：{'、'.join(r.other_segments)}）" if r.other_segments else ""
    return (r.segment_name or r.segment) + other


def company_text(r: Recommendation) -> str:
    """江西赣锋锂业股份有限公司（亦称：…）: a same-named company folded into the row is named."""
    return r.company + (f"（亦称：{'、'.join(r.also_named)}）" if r.also_named else "")


def recommendation_rows(recommendations: Sequence[Recommendation]) -> list[Row]:
    """One row a recommended company: rank, segment, company, place, score, its parts, evidence."""
    return [{
        "序号": str(rank),
        "环节": segment_text(r),
        "企业": company_text(r),
        "所在地": place_text(r.province, r.city),
        "产品": "、".join(r.products),
        "得分": round(r.score, 2),
        "得分构成": score_parts_text(r.parts),
        "依据": plain_text(r.evidence[0].sentence) if r.evidence else "",
    } for rank, r in enumerate(recommendations, 1)]


def score_parts_text(parts: Sequence[ScorePart]) -> str:
    """Each part's points out of its most: ``产品匹配 0.20/0.40；规模 0/0.20 …``, summing to the score."""
    return "；".join(f"{part_zh(p.name)} {_points(p.value * p.weight)}/{_points(p.weight)}"
                    for p in parts)


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def score_scale_text(config: GapConfig = GapConfig()) -> str:
    """What a recommendation's score means, for wherever a score is shown.

    The score is the sum of five parts, each a share of its weight, so it runs from 0 to 1.
    """
    weights = [("product", config.w_product), ("scale", config.w_scale),
               ("distance", config.w_distance), ("ties", config.w_ties),
               ("expansion", config.w_expansion)]
    most = "、".join(f"{PART_ZH[name]}{_points(weight)}" for name, weight in weights)
    typical = config.w_product * 0.5 + config.w_distance * config.distance_neighbour
    return (f"综合得分在0到1之间，是五项得分之和（各项满分：{most}）。"
            f"只生产本环节一种产品、位于邻省、无合作与扩产记录的企业约得{_points(typical)}分；"
            f"上市、同省、已与本地企业合作或近年扩产都会加分，0.5分以上为重点对象。")


def leader_rows(leaders: Sequence[Leader]) -> list[Row]:
    """One row a chain leader: company, whether local, province, segments, capacity, score."""
    return [{
        "企业": l.company,
        "本地": "本地" if l.local else "",
        "所在省份": l.province or "",
        "环节": "、".join(l.segment_names or l.segments),
        "产能": l.capacity or "",
        "得分": round(l.score, 2),
    } for l in leaders]


def review_rows(items: Sequence[dict]) -> list[Row]:
    """One row a review item (a proposed merge, product link or relation)."""
    return [{
        "类型": REVIEW_KIND_ZH.get(i["kind"], i["kind"]),
        "状态": REVIEW_STATUS_ZH.get(i["status"], i["status"]),
        "对象": i.get("subject_name") or i["subject"],
        "目标": i.get("target_name") or i["target"],
        "理由": i["reason"] or "",
        "置信度": i["confidence"] if i["confidence"] is not None else "",
        "编号": i["key"],
    } for i in items]


def rows_csv(rows: Sequence[Row], columns: Sequence[str]) -> bytes:
    """Rows as CSV in UTF-8 with a BOM, so Excel opens the Chinese correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def gap_table_csv(gaps: Sequence[SegmentGap]) -> bytes:
    """The gap table as CSV (UTF-8 with a BOM)."""
    return rows_csv(gap_rows(gaps), GAP_COLUMNS)


XLSX_MAX_WIDTH = 60  # characters; longer text wraps inside its cell
# Columns holding numbers in the XLSX (text elsewhere): written as numbers so Excel sorts and sums.
XLSX_NUMBERS = {"序号": int, "得分": float, "本地投资（亿元）": float}


def gap_table_xlsx(gaps: Sequence[SegmentGap], recommendations: Sequence[Recommendation] = (), *,
                   title: str = "缺口分析") -> bytes:
    """The gap table (and, when given, the recommendations on a second sheet) as XLSX.

    Numbers are numbers (序号, 得分, 本地投资 in 亿元), columns are as wide as their content up to
    XLSX_MAX_WIDTH characters, and longer text wraps.
    """
    book = Workbook()
    gap_sheet = [{**row, "本地投资（亿元）": round(g.investment_cny / 1e8, 2) if g.investment_cny else None}
                 for row, g in zip(gap_rows(gaps), gaps)]
    gap_columns = [("本地投资（亿元）" if c == "本地投资" else c) for c in GAP_COLUMNS]
    sheets = [(book.active, title[:31], gap_sheet, gap_columns)]
    if recommendations:
        sheets.append((book.create_sheet(), "推荐企业", recommendation_rows(recommendations),
                       list(RECOMMENDATION_COLUMNS)))
    for sheet, name, rows, columns in sheets:
        sheet.title = name
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx_value(c, row.get(c)) for c in columns])
        _xlsx_style(sheet, columns, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(column: str, value):
    kind = XLSX_NUMBERS.get(column)
    if value is None or value == "":
        return None
    return kind(value) if kind else value


def _xlsx_style(sheet, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Bold header, widths fitted to the content (a CJK character is two), long text wrapped."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, 1):
        widest = max([display_width(column)] + [display_width(str(r.get(column) or "")) for r in rows])
        width = min(XLSX_MAX_WIDTH, widest + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if widest + 2 > XLSX_MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
