"""产业链图谱: the layered map of a chain in a region, and the detail of one segment."""

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.formatting import zh_money
from chainkg.contract.keys import segment_key
from chainkg.contract.labels import STATUS_ZH, status_zh, tier_zh
from chainkg.exports.map_html import chain_map_html
from chainkg.exports.style import STATUS_COLOURS

st.title("产业链图谱")


@st.cache_data(ttl=shared.CACHE_TTL_S, show_spinner=False)
def map_page(_chain_map, spec: str, chain: str, region: str) -> str:
    return chain_map_html(_chain_map)


def legend() -> None:
    chips = " ".join(
        f"<span style='background:{STATUS_COLOURS[s]};padding:2px 10px;border-radius:4px;"
        f"margin-right:6px'>{STATUS_ZH[s]}</span>" for s in STATUS_ZH)
    st.markdown(f"图例：{chips}　虚线框为本地缺失环节，箭头从上游指向下游。",
                unsafe_allow_html=True)


def summary(chain_map) -> None:
    segments = chain_map.segments
    count = {s: sum(1 for g in segments if g.status == s) for s in STATUS_ZH}
    columns = st.columns(5)
    columns[0].metric("环节", f"{len(segments)}个")
    for column, status in zip(columns[1:], STATUS_ZH):
        column.metric(STATUS_ZH[status], f"{count[status]}个")


def segment_detail(store, spec: str, chain: str, segment) -> None:
    st.subheader(f"环节：{segment.name}")
    st.markdown(f"**{tier_zh(segment.tier)}** · 状态 **{status_zh(segment.status)}**"
                + (f" · 建议 **{segment.action_zh}**" if segment.action_zh else "")
                + (" · **断点**" if segment.is_break else ""))
    st.write(segment.reason)
    left, right = st.columns(2)
    left.markdown("**本地企业**：" + ("、".join(segment.companies) or "无"))
    right.markdown("**本地项目**：" + ("、".join(segment.projects) or "无"))
    figures = [f"产能 {segment.capacity}" if segment.capacity else "",
               f"投资 {zh_money(segment.investment_cny)}" if segment.investment_cny else ""]
    if any(figures):
        st.caption(" · ".join(f for f in figures if f))
    evidence(store, spec, chain, segment)


def evidence(store, spec: str, chain: str, segment) -> None:
    names = list(segment.companies) + list(segment.projects)
    if not names:
        return
    rows = shared.segment_evidence(store, spec, segment_key(chain, segment.segment), tuple(names))
    if rows:
        st.markdown("**证据**")
        st.dataframe(pd.DataFrame([{"企业/项目": r["maker"], "产品": r["product"],
                                    "原文句子": r["sentence"], "文档": r["document"] or r["doc_id"]}
                                   for r in rows]), hide_index=True, width="stretch")


def show(store, spec: str) -> None:
    picked = shared.pick_chain_and_region(store, "map")
    if picked is None:
        return
    chain, chain_name, region = picked
    chain_map = shared.chain_map(store, spec, chain, region)
    summary(chain_map)
    legend()
    st.iframe(map_page(chain_map, spec, chain, region), height=580)
    by_key = {g.segment: g for g in chain_map.segments}
    chosen = st.selectbox("查看环节详情", list(by_key), format_func=lambda k: by_key[k].name,
                          key=f"map-segment-{chain}")
    segment_detail(store, spec, chain, by_key[chosen])


with shared.friendly_errors("绘制产业链图谱"):
    show(shared.get_store(), shared.store_spec())
