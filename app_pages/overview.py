"""概览: what the graph holds, its chains, the latest documents and what the last load changed.

"Documents" are the user's documents: the chain templates and the registries (the region
table, company lists) are counted apart.
"""

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.formatting import local_time, title_and_site, zh_count
from chainkg.contract.labels import LABEL_ZH, source_zh

st.title("产业链招商图谱 · 概览")
STORE_ZH = {"embedded": "内置图数据库", "neo4j": "Neo4j 图数据库"}


def show_counts(counts: dict[str, int], relationships: int, documents: dict[str, int]) -> None:
    for column, label in zip(st.columns(len(LABEL_ZH)), LABEL_ZH):
        name, unit = LABEL_ZH[label]
        column.metric(name, zh_count(counts.get(label, 0), unit))
    st.caption(f"文档指上传或导入的资料；另有产业链模板 {documents['template']} 份、"
               f"名录与行政区划 {documents['registry']} 份，不计入文档。"
               f"共有关系 {zh_count(relationships, '条')}（含证据句子）。")


def show_chains(rows: list[dict]) -> None:
    st.subheader("产业链")
    if not rows:
        st.info("还没有产业链。请运行 `chainkg chains load` 载入产业链模板。")
        return
    table = pd.DataFrame([{"产业链": r["name"], "别名": "、".join(r["aliases"]), "环节数": r["segments"]}
                          for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")


def document_row(row: dict) -> dict:
    """A document as a reader names it: its title without file-name artefacts, the site or kind
    of source, its date."""
    title, site = title_and_site(row["title"])
    return {"标题": title, "日期": row.get("date") or "", "来源": site or source_zh(row.get("source"))}


def show_documents(rows: list[dict]) -> None:
    st.subheader("最新文档")
    if not rows:
        st.info("还没有文档。可在“文档”页上传，或运行 `chainkg ingest corpora/`。")
        return
    table = pd.DataFrame([{**document_row(r), "提及实体": r["mentions"]} for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")


def show_last_load(rows: list[dict]) -> None:
    st.subheader("上次导入的变化")
    if not rows:
        st.info("上次导入没有新增或更新的文档。")
        return
    new = sum(r["change"] == "new" for r in rows)
    st.caption(f"{local_time(rows[0]['loaded_at'])}：新增 {new} 篇，更新 {len(rows) - new} 篇；"
               "内容未变的文档不重写，不在此列。")
    table = pd.DataFrame([{"标题": title_and_site(r["title"])[0],
                           "变化": "新增" if r["change"] == "new" else "更新",
                           "提及实体": r["mentions"]} for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")


with shared.friendly_errors("读取图谱"):
    store, spec = shared.get_store(), shared.store_spec()
    st.caption(STORE_ZH.get(store.kind, store.kind))
    show_counts(*shared.label_counts(store, spec), shared.document_counts(store, spec))
    show_chains(shared.chains(store, spec))
    show_documents(shared.latest_documents(store, spec))
    show_last_load(shared.last_load(store, spec))
