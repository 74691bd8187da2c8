"""导出: the chain map, the briefing, the gap table and the graph as files.

Files are made only when their button is pressed (download_button with a callable), so
the page itself renders at once; each maker caches its result by chain and region.
"""

import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.errors import ChainkgError
from chainkg.exports.briefing import briefing_docx, briefing_pptx
from chainkg.exports.briefing_pdf import briefing_pdf
from chainkg.exports.briefing_text import Imprint
from chainkg.exports.fonts import cjk_font_family
from chainkg.exports.graphml import graph_graphml
from chainkg.exports.map_html import chain_map_html
from chainkg.exports.map_image import chain_map_image
from chainkg.exports.tables import gap_table_csv, gap_table_xlsx
from chainkg.graph.analysis.overview import graph_dump
from chainkg.graph.analysis.report import chain_report

st.title("导出")
MIME = {
    "html": "text/html", "png": "image/png", "svg": "image/svg+xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf", "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "graphml": "application/xml",
}


@st.cache_data(ttl=shared.CACHE_TTL_S, show_spinner=False, max_entries=32)
def make_file(_store, spec: str, kind: str, chain: str, region: str, issuer: str) -> bytes:
    """The bytes of one export; ``kind`` is map.html, map.png, briefing.docx, gaps.csv ..."""
    if kind == "graph.graphml":
        return graph_graphml(*graph_dump(_store))
    imprint = Imprint(issuer=issuer, documents=shared.document_counts(_store, spec)["document"])
    if kind.startswith("briefing."):
        report = chain_report(_store, chain, region)
        return {"docx": briefing_docx, "pptx": briefing_pptx,
                "pdf": briefing_pdf}[kind.split(".")[1]](report, imprint)
    chain_map = shared.chain_map(_store, spec, chain, region)
    if kind == "map.html":
        return chain_map_html(chain_map, imprint).encode("utf-8")
    if kind in ("map.png", "map.svg"):
        return chain_map_image(chain_map, kind.split(".")[1])
    if kind == "gaps.csv":
        return gap_table_csv(chain_map.segments)
    return gap_table_xlsx(chain_map.segments, shared.recommendations(
        _store, spec, chain, region, None, 50))


def button(label: str, kind: str, file_stem: str, picked, store, spec: str,
           disabled: bool = False) -> None:
    chain, _, region = picked
    suffix = kind.split(".")[1]
    st.download_button(label, lambda: make_file(store, spec, kind, chain, region, shared.issuer()),
                       file_name=f"{file_stem}.{suffix}", mime=MIME[suffix], key=f"export-{kind}",
                       disabled=disabled, icon=":material/download:")


def font_problem() -> str | None:
    try:
        cjk_font_family()
    except ChainkgError as exc:
        return str(exc)
    return None


def show(store, spec: str) -> None:
    picked = shared.pick_chain_and_region(store, "export")
    if picked is None:
        return
    _, chain_name, region = picked
    stem = f"{region}{chain_name}产业链"
    no_font = font_problem()
    if no_font:
        st.warning(f"PNG、SVG、PDF 与简报需要中文字体：{no_font}")
    st.subheader("产业链图谱")
    columns = st.columns(3)
    with columns[0]:
        button("交互式图谱 HTML（离线可用）", "map.html", f"{stem}图谱", picked, store, spec)
    with columns[1]:
        button("图片 PNG（幻灯片用）", "map.png", f"{stem}图谱", picked, store, spec, bool(no_font))
    with columns[2]:
        button("矢量图 SVG", "map.svg", f"{stem}图谱", picked, store, spec, bool(no_font))
    st.subheader("招商简报（封面、主要结论、图谱、缺口表、重点招商对象、资料来源）")
    st.caption(f"Word 与 PDF 为 A4 纵向，幻灯片为 16:9。编制单位：{shared.issuer() or '未设置'}"
               "（设置 CHAINKG_ISSUER，见 README“设置”）。")
    columns = st.columns(3)
    for column, (label, kind) in zip(columns, [("Word 简报 DOCX", "briefing.docx"),
                                                ("幻灯片 PPTX", "briefing.pptx"),
                                                ("PDF 简报", "briefing.pdf")]):
        with column:
            button(label, kind, f"{stem}招商简报", picked, store, spec, bool(no_font))
    st.subheader("缺口表与全图")
    columns = st.columns(3)
    with columns[0]:
        button("缺口表 Excel（含推荐企业）", "gaps.xlsx", f"{stem}缺口表", picked, store, spec)
    with columns[1]:
        button("缺口表 CSV", "gaps.csv", f"{stem}缺口表", picked, store, spec)
    with columns[2]:
        button("整个图谱 GraphML", "graph.graphml", "chainkg图谱", picked, store, spec)


with shared.friendly_errors("导出"):
    show(shared.get_store(), shared.store_spec())
