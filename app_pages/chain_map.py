"""产业链图谱: the layered map of a chain in a region; a click on a segment opens its details
and the companies to approach."""

import functools

import streamlit as st

from chainkg.app_pages import _segment as segment_view
from chainkg.app_pages import _shared as shared
from chainkg.contract.labels import STATUS_ZH
from chainkg.exports.map_echarts import chain_map_option, map_height_px
from chainkg.exports.style import BREAK_BORDER, STATUS_BORDERS, STATUS_COLOURS

st.title("产业链图谱")


def legend() -> None:
    chips = " ".join(
        f"<span style='background:{STATUS_COLOURS[s]};border:1px {'dashed' if s == 'missing' else 'solid'} "
        f"{STATUS_BORDERS[s]};padding:1px 10px;border-radius:4px;margin-right:4px'>{STATUS_ZH[s]}</span>"
        for s in STATUS_ZH)
    st.markdown(f"图例：{chips} <span style='border:3px solid {BREAK_BORDER};padding:0 8px;"
                f"border-radius:4px'>断点</span>　箭头从上游指向下游。点击环节查看详情与推荐企业，"
                "悬停查看全部本地企业；图右上角可全屏。", unsafe_allow_html=True)


def summary(chain_map) -> None:
    segments = chain_map.segments
    count = {s: sum(1 for g in segments if g.status == s) for s in STATUS_ZH}
    columns = st.columns(6)
    columns[0].metric("环节", f"{len(segments)}个")
    for column, status in zip(columns[1:], STATUS_ZH):
        column.metric(STATUS_ZH[status], f"{count[status]}个")
    columns[5].metric("断点", f"{sum(g.is_break for g in segments)}个")


def clicked(map_key: str, detail_key: str, keys: list[str]) -> None:
    """A click on a box (before the rerun): open that segment in the detail picker."""
    state = st.session_state.get(map_key)
    chosen = [i for item in (state.selection.selected if state else [])
              if item.get("data_type") != "edge" for i in item.get("data_indices", [])]
    if chosen and chosen[0] < len(keys):
        st.session_state[detail_key] = keys[chosen[0]]


def draw(chain_map, chain: str, region: str) -> None:
    detail_key = segment_view.picker_key("map", chain)
    current = segment_view.prepare_segment(chain_map.segments, "map", chain)
    # keyed by the current segment: a new selection redraws the map with it marked, instead of
    # the chart keeping an earlier click marked
    map_key = f"map-view-{chain}-{region}-{current}"
    st.echarts_chart(chain_map_option(chain_map, selected=current), key=map_key,
                     on_select=functools.partial(clicked, map_key, detail_key,
                                                 [g.segment for g in chain_map.segments]),
                     height=map_height_px(chain_map), renderer="svg", theme=None,
                     alt=f"{region}{chain_map.name}产业链图谱")


def show(store, spec: str) -> None:
    picked = shared.pick_chain_and_region(store, "map")
    if picked is None:
        return
    chain, _, region = picked
    chain_map = shared.chain_map(store, spec, chain, region)
    summary(chain_map)
    legend()
    draw(chain_map, chain, region)
    gap = segment_view.pick_segment(chain_map.segments, "map", chain, "查看环节详情（断点在前）")
    if gap is not None:
        segment_view.show_segment(store, spec, chain, region, gap)


with shared.friendly_errors("绘制产业链图谱"):
    show(shared.get_store(), shared.store_spec())
