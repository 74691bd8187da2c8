"""补链强链延链: the gap table of a chain in a region, and for each gap whom to visit."""

from collections import Counter

import pandas as pd
import streamlit as st

from chainkg.app_pages import _segment as segment_view
from chainkg.app_pages import _shared as shared
from chainkg.exports.tables import gap_rows

st.title("补链 · 强链 · 延链")
st.caption("补链：本地缺失的环节（断点：上下游都有、中间缺失，优先）；强链：本地薄弱的环节；"
           "延链：与本地优势环节相邻的缺失环节。")
APP_GAP_COLUMNS = ("环节", "判断", "本地企业（计入依据）", "本地项目", "规模", "说明")


def app_row(row: dict) -> dict:
    """A gap row narrowed for the page: status, action and break in one cell, each local
    company with why it counts in one, capacity and investment in one."""
    verdict = "·".join(x for x in (row["状态"], row["建议"], "断点" if row["断点"] else "") if x)
    size = "，".join(x for x in (row["产能"], row["本地投资"]) if x)
    return {**row, "判断": verdict, "规模": size, "本地企业（计入依据）": row["计入依据"] or row["本地企业"]}


def gap_table(gaps: list) -> None:
    only_actions = st.toggle("只显示需要行动的环节", value=True, key="gaps-only")
    counts = Counter(g.action_zh for g in gaps)
    st.markdown(f"补链 **{counts['补链']}** 个 · 强链 **{counts['强链']}** 个 · "
                f"延链 **{counts['延链']}** 个 · 断点 **{sum(g.is_break for g in gaps)}** 个")
    rows = [app_row(row) for row in gap_rows(segment_view.ordered(gaps), actions_only=only_actions)]
    # st.table wraps: every cell is shown whole (a data grid cuts long text at its column width)
    st.table(pd.DataFrame(rows, columns=list(APP_GAP_COLUMNS)), hide_index=True)


def show(store, spec: str) -> None:
    picked = shared.pick_chain_and_region(store, "gaps")
    if picked is None:
        return
    chain, _, region = picked
    pending = st.toggle("计入待审核的事实", value=True, key="gaps-pending",
                        help="低置信度的关系和产品归类在“审核”页确认前是否计入本地企业与推荐")
    gaps = shared.chain_map(store, spec, chain, region, pending).segments
    gap_table(gaps)
    targets = [g for g in gaps if g.action is not None]
    if not targets:
        st.success("该产业链在本地没有需要补、强、延的环节。")
        return
    st.subheader("推荐招商对象")
    gap = segment_view.pick_segment(targets, "gaps", chain, "缺口环节（断点在前）")
    st.write(gap.reason)
    segment_view.recommendations(store, spec, chain, region, gap, pending)


with shared.friendly_errors("缺口分析"):
    show(shared.get_store(), shared.store_spec())
