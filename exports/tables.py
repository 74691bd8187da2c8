"""Rows of the gap table, the recommendations and the chain leaders: the one place they are shaped.

The CLI prints them, the app shows them, CSV and XLSX files hold them and the briefings
take the columns they need. Column names and figures are Chinese (28亿元, 补链, 上游).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from chainkg.contract.formatting import zh_money
from chainkg.contract.labels import PART_ZH, REVIEW_KIND_ZH, REVIEW_STATUS_ZH, status_zh, tier_zh
from chainkg.graph.analysis.model import GapConfig, Leader, Recommendation, SegmentGap

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
        "说明": g.reason,
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
        "得分构成": "；".join(f"{PART_ZH.get(p.name, p.name)} {p.value:.2f}×{p.weight:g}"
                          for p in r.parts),
        "依据": r.evidence[0].sentence if r.evidence else "",
    } for rank, r in enumerate(recommendations, 1)]


def leader_rows(leaders: Sequence[Leader]) -> list[Row]:
    """One row a chain leader: company, whether local, province, segments, capacity, score."""
    return [{
        "企业": l.company,
        "本地": "本地" if l.local else "",
        "所在省份": l.province or "",
        "环节": "、".join(l.segment_names or l.segments),
        "产能": l.capacity or "",
        "得分": l.score,
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


def score_note(config: GapConfig) -> str:
    """What a recommendation's score means, for the place it is shown."""
    return ("得分＝产品匹配×{:g}＋规模×{:g}＋区位×{:g}＋已有合作×{:g}＋近期扩产×{:g}，各项0–1分，"
            "总分0–1；分数只用于同一清单内排序，各项依据见“得分构成”。").format(
        config.w_product, config.w_scale, config.w_distance, config.w_ties, config.w_expansion)


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


def gap_table_xlsx(gaps: Sequence[SegmentGap], recommendations: Sequence[Recommendation] = (), *,
                   title: str = "缺口分析") -> bytes:
    """The gap table (and, when given, the recommendations on a second sheet) as XLSX."""
    book = Workbook()
    sheets = [(book.active, title[:31], gap_rows(gaps), GAP_COLUMNS)]
    if recommendations:
        sheets.append((book.create_sheet(), "推荐企业", recommendation_rows(recommendations),
                       RECOMMENDATION_COLUMNS))
    for sheet, name, rows, columns in sheets:
        sheet.title = name
        sheet.append(list(columns))
        for row in rows:
            sheet.append([row[c] for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for letter, width in zip("ABCDEFGHIJK", (14, 6, 6, 6, 6, 30, 30, 40, 10, 12, 60)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
