"""The words of a briefing, the same in DOCX, PPTX and PDF: its imprint (编制单位, date, source),
the one-page summary of conclusions, the tables' rows and the list of sources.

A Chinese government briefing opens with its conclusions: the breaks and weak links, then
the companies to approach, one line each and with figures (28亿元, 3万吨).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chainkg.contract.formatting import document_title, plain_text, zh_date, zh_money
from chainkg.contract.labels import STATUS_ZH, action_zh
from chainkg.exports.tables import gap_rows, place_text, recommendation_rows
from chainkg.graph.analysis.model import ChainMap, ChainReport, SegmentGap

BRIEF_GAP_COLUMNS = ("环节", "层级", "状态", "建议", "本地企业", "说明")
BRIEF_REC_COLUMNS = ("序号", "环节", "企业", "所在地", "得分", "依据")
SUMMARY_TARGETS = 5   # companies named in the summary
SUMMARY_WEAK = 4      # weak links named in the summary


@dataclass(frozen=True)
class Imprint:
    """Who issues a briefing or a map, when, and from what (the settings of a bureau)."""

    issuer: str = ""                                  # 编制单位, e.g. 衢州市投资促进中心
    day: date = field(default_factory=date.today)
    documents: int | None = None                      # the user's documents the graph holds

    @property
    def date_text(self) -> str:
        return zh_date(self.day)

    def source_text(self) -> str:
        """资料来源：产业链招商知识图谱（收录文档10篇）。"""
        held = f"，收录文档{self.documents}篇" if self.documents else ""
        return f"资料来源：产业链招商知识图谱（产业链模板与企业、项目资料{held}）"

    def line(self) -> str:
        """编制单位 · date · source, on one line (the map's foot)."""
        parts = [f"编制单位：{self.issuer}" if self.issuer else "", self.date_text, self.source_text()]
        return "　".join(p for p in parts if p)


def map_title(chain_map: ChainMap) -> str:
    return f"{chain_map.region}{chain_map.name}产业链图谱"


def summary_lines(report: ChainReport) -> list[str]:
    """The conclusions, one line each: the chain's state, its breaks, its weak links, what is
    there already, and the top companies to approach."""
    segments = report.chain_map.segments
    count = {s: sum(1 for g in segments if g.status == s) for s in STATUS_ZH}
    lines = [f"{report.chain_map.name}产业链共{len(segments)}个环节，本地"
             + "、".join(f"{STATUS_ZH[s]}{count[s]}个" for s in STATUS_ZH) + "。"]
    breaks = [g for g in segments if g.is_break]
    if breaks:
        lines.append(f"断点{len(breaks)}个：{'、'.join(g.name for g in breaks)}。上下游本地均有布局、"
                     "中间环节缺失，应优先补链。")
    weak = [g for g in segments if g.status == "weak"]
    if weak:
        named = "；".join(_weak_text(g) for g in weak[:SUMMARY_WEAK])
        more = f"等{len(weak)}个" if len(weak) > SUMMARY_WEAK else f"{len(weak)}个"
        lines.append(f"薄弱环节{more}，需强链：{named}。")
    extend = [g for g in segments if g.action == "extend"]
    if extend:
        lines.append(f"可延链环节{len(extend)}个：{'、'.join(g.name for g in extend)}。")
    strong = [g for g in segments if g.status in ("strong", "present")]
    invested = sum(g.investment_cny for g in segments)
    if strong or invested:
        held = "、".join(g.name for g in strong) or "无"
        lines.append(f"本地已具备的环节：{held}" + (f"；本地项目投资合计{zh_money(invested)}" if invested else "") + "。")
    actions = {g.segment: g.action for g in segments}
    lines += [_target_text(rank, r, actions.get(r.segment))
              for rank, r in enumerate(report.recommendations[:SUMMARY_TARGETS], 1)]
    return [plain_text(line) for line in lines]


def _weak_text(gap: SegmentGap) -> str:
    facts = "、".join(gap.companies[:2]) or "无本地企业"
    figures = "，".join(x for x in (gap.capacity or "", zh_money(gap.investment_cny)) if x)
    return f"{gap.name}（仅{facts}" + (f"，{figures}" if figures else "") + "）"


def _target_text(rank: int, rec, action: str | None) -> str:
    """One target, with what it does for the chain: 补链 for a missing link, 强链 for a weak one."""
    place = place_text(rec.province, rec.city) or "地点未知"
    what = action_zh(action) or "招商"
    return (f"重点招商对象{rank}：{rec.company}（{place}），{what}：{rec.segment_name or rec.segment}环节，"
            f"产品{'、'.join(rec.products[:3])}，得分{rec.score:.2f}。")


def brief_gap_rows(report: ChainReport) -> list[list[str]]:
    """The gap table of a briefing: segments with an action, breaks first, 断点 in 建议."""
    gaps = sorted(report.chain_map.segments, key=lambda g: (not g.is_break, g.action or "z"))
    rows = gap_rows(gaps, actions_only=True)
    return [[str(row[c]) + ("（断点）" if c == "建议" and row["断点"] else "") for c in BRIEF_GAP_COLUMNS]
            for row in rows]


def brief_rec_rows(report: ChainReport) -> list[list[str]]:
    """The recommendation table of a briefing."""
    return [[f"{row[c]:.2f}" if c == "得分" else str(row[c]) for c in BRIEF_REC_COLUMNS]
            for row in recommendation_rows(report.recommendations)]


def source_lines(report: ChainReport) -> list[str]:
    """One line a cited document: 《title》（date），as its title reads, no file-name artefacts."""
    return [f"《{document_title(s.title) or s.doc_id}》" + (f"（{s.date}）" if s.date else "")
            for s in report.sources]
