"""补链强链延链: the gap table of a chain in a region, and for each gap whom to visit."""

from collections import defaultdict

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.labels import PART_ZH
from chainkg.exports.tables import company_text, gap_rows, score_note
from chainkg.graph.analysis.model import GapConfig

st.title("补链 · 强链 · 延链")
st.caption("补链：本地缺失的环节（断点优先）；强链：本地薄弱的环节；延链：与本地优势环节相邻的缺失环节。")
TOP_PER_GAP = 5


def gap_table(gaps: list) -> None:
    only_actions = st.toggle("只显示需要行动的环节", value=True, key="gaps-only")
    rows = gap_rows(gaps, actions_only=only_actions)
    counts = defaultdict(int)
    for g in gaps:
        counts[g.action_zh] += 1
    st.markdown(f"补链 **{counts['补链']}** 个 · 强链 **{counts['强链']}** 个 · "
                f"延链 **{counts['延链']}** 个 · 断点 **{sum(g.is_break for g in gaps)}** 个")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def recommendation_card(rank: int, rec) -> None:
    with st.container(border=True):
        place = "·".join(p for p in (rec.province, rec.city) if p) or "地点未知"
        st.markdown(f"**{rank}. {company_text(rec)}**（{place}）　综合得分 **{rec.score:.2f}**")
        st.caption("相关产品：" + "、".join(rec.products)
                   + (f"；另可补：{'、'.join(rec.other_segments)}" if rec.other_segments else ""))
        parts = pd.DataFrame([{"评分项": PART_ZH.get(p.name, p.name), "得分": round(p.value, 2),
                               "权重": p.weight, "说明": p.detail} for p in rec.parts])
        st.dataframe(parts, hide_index=True, width="stretch")
        for item in rec.evidence:
            st.markdown(f"> {item.sentence}\n>\n> —— 《{item.title or item.doc_id}》")


def recommendations(store, spec: str, chain: str, region: str, gaps: list, pending: bool) -> None:
    targets = [g for g in gaps if g.action is not None]
    if not targets:
        st.success("该产业链在本地没有需要补、强、延的环节。")
        return
    st.subheader("推荐招商对象")
    by_key = {g.segment: g for g in targets}
    first = next((i for i, g in enumerate(targets) if g.is_break), 0)
    chosen = st.selectbox("缺口环节", list(by_key), index=first, key=f"gaps-segment-{chain}",
                          format_func=lambda k: f"{by_key[k].action_zh}｜{by_key[k].name}"
                                                + ("（断点）" if by_key[k].is_break else ""))
    gap = by_key[chosen]
    st.write(gap.reason)
    recs = shared.recommendations(store, spec, chain, region, gap.segment, TOP_PER_GAP, pending)
    st.caption(score_note(GapConfig()))
    if not recs:
        st.info(f"图谱中暂无本地以外生产“{gap.name}”产品的企业。")
    for rank, rec in enumerate(recs, 1):
        recommendation_card(rank, rec)


def show(store, spec: str) -> None:
    picked = shared.pick_chain_and_region(store, "gaps")
    if picked is None:
        return
    chain, _, region = picked
    pending = st.toggle("计入待审核的事实", value=True, key="gaps-pending",
                        help="低置信度的关系和产品归类在“审核”页确认前是否计入本地企业与推荐")
    gaps = shared.chain_map(store, spec, chain, region, pending).segments
    gap_table(gaps)
    recommendations(store, spec, chain, region, gaps, pending)


with shared.friendly_errors("缺口分析"):
    show(shared.get_store(), shared.store_spec())
