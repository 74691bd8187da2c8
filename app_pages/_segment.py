"""One segment of a chain in a region, as the map and the gaps pages show it: its facts, its
evidence and the companies to approach, each score explained."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.formatting import document_title, plain_text, zh_money
from chainkg.contract.keys import segment_key
from chainkg.contract.labels import part_zh, status_zh, tier_zh
from chainkg.exports.tables import company_text, place_text, score_parts_text, score_scale_text
from chainkg.graph.analysis.names import match_key

TOP_PER_GAP = 5
ACTION_ORDER = {"fill": 1, "strengthen": 2, "extend": 3}


def ordered(gaps: list) -> list:
    """Segments as a picker lists them: the 断点 first, then the other gaps, then the rest."""
    rank = {id(g): (0 if g.is_break else ACTION_ORDER.get(g.action, 4), i) for i, g in enumerate(gaps)}
    return sorted(gaps, key=lambda g: rank[id(g)])


def label(gap) -> str:
    """电解液（补链·断点）: a segment with what to do about it."""
    what = "·".join(x for x in (gap.action_zh, "断点" if gap.is_break else "") if x)
    return f"{gap.name}（{what or status_zh(gap.status)}）"


def picker_key(page: str, chain: str) -> str:
    return f"{page}-segment-{chain}"


def prepare_segment(gaps: list, page: str, chain: str) -> str | None:
    """The segment the picker will show (the address's, the last one picked, else the first
    断点), decided before the picker is drawn."""
    if not gaps:
        return None
    candidates = [(g.segment, [g.name]) for g in gaps]
    widget = shared.prepare_select("segment", [g.segment for g in ordered(gaps)], page,
                                   widget_key=picker_key(page, chain),
                                   read=lambda text: match_key(text, candidates))
    return st.session_state[widget]


def pick_segment(gaps: list, page: str, chain: str, title: str) -> object | None:
    """A select box over ``gaps`` (the 断点 first, preselected), remembered and in the address."""
    if not gaps:
        return None
    by_key = {g.segment: g for g in ordered(gaps)}
    candidates = [(g.segment, [g.name]) for g in gaps]
    chosen = shared.remembered_select(
        title, "segment", list(by_key), page, widget_key=picker_key(page, chain),
        format_func=lambda k: label(by_key[k]), read=lambda text: match_key(text, candidates))
    return by_key[chosen]


def show_segment(store, spec: str, chain: str, region: str, gap) -> None:
    """The segment's status, why, local companies and projects, evidence and recommendations."""
    st.subheader(f"环节：{gap.name}")
    st.markdown(f"**{tier_zh(gap.tier)}** · 状态 **{status_zh(gap.status)}**"
                + (f" · 建议 **{gap.action_zh}**" if gap.action_zh else "")
                + (" · **断点**" if gap.is_break else ""))
    st.write(gap.reason)
    left, right = st.columns(2)
    left.markdown("**本地企业**：" + ("、".join(gap.companies) or "无"))
    right.markdown("**本地项目**：" + ("、".join(gap.projects) or "无"))
    figures = [f"产能 {gap.capacity}" if gap.capacity else "",
               f"投资 {zh_money(gap.investment_cny)}" if gap.investment_cny else ""]
    if any(figures):
        st.caption(" · ".join(f for f in figures if f))
    evidence(store, spec, chain, gap)
    if gap.action is not None:
        recommendations(store, spec, chain, region, gap)


def evidence(store, spec: str, chain: str, gap) -> None:
    names = list(gap.companies) + list(gap.projects)
    if not names:
        return
    rows = shared.segment_evidence(store, spec, segment_key(chain, gap.segment), tuple(names))
    if rows:
        st.markdown("**证据**")
        st.table(pd.DataFrame([{"企业/项目": r["maker"], "产品": r["product"],
                                "原文句子": plain_text(r["sentence"]),
                                "文档": document_title(r["document"]) or r["doc_id"]} for r in rows]),
                 hide_index=True)


def recommendations(store, spec: str, chain: str, region: str, gap, pending: bool = True) -> None:
    """The companies elsewhere that make the segment's products, best score first."""
    st.markdown(f"**推荐招商对象：{gap.name}**")
    st.caption(score_scale_text())
    recs = shared.recommendations(store, spec, chain, region, gap.segment, TOP_PER_GAP, pending)
    if not recs:
        st.info(f"图谱中暂无本地以外生产“{gap.name}”产品的企业。")
    for rank, rec in enumerate(recs, 1):
        recommendation_card(rank, rec)


def recommendation_card(rank: int, rec) -> None:
    with st.container(border=True):
        place = place_text(rec.province, rec.city) or "地点未知"
        st.markdown(f"**{rank}. {company_text(rec)}**（{place}）　综合得分 **{rec.score:.2f}**（满分1）")
        st.caption("相关产品：" + "、".join(rec.products)
                   + (f"；另可补：{'、'.join(rec.other_segments)}" if rec.other_segments else "")
                   + "　得分构成：" + score_parts_text(rec.parts))
        parts = pd.DataFrame([{"评分项": part_zh(p.name), "得分": f"{p.value * p.weight:.2f}",
                               "满分": f"{p.weight:g}", "说明": plain_text(p.detail)} for p in rec.parts])
        st.table(parts, hide_index=True)
        for item in rec.evidence:
            st.markdown(f"> {plain_text(item.sentence)}\n>\n> —— 《{document_title(item.title) or item.doc_id}》")

