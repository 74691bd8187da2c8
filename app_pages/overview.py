"""概览: what the graph holds, its chains, the latest documents and what the last load changed."""

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.formatting import zh_count
from chainkg.contract.labels import LABEL_ZH

st.title("产业链招商图谱 · 概览")


def show_counts(counts: dict[str, int], relationships: int) -> None:
    for column, label in zip(st.columns(len(LABEL_ZH)), LABEL_ZH):
        name, unit = LABEL_ZH[label]
        column.metric(name, zh_count(counts.get(label, 0), unit))
    st.caption(f"共有关系 {zh_count(relationships, '条')}（含证据句子）。")


def show_chains(rows: list[dict]) -> None:
    st.subheader("产业链")
    if not rows:
        st.info("还没有产业链。请运行 `chainkg chains load chains/` 载入产业链模板。")
        return
    table = pd.DataFrame([{"产业链": r["name"], "代码": r["key"], "环节数": r["segments"]}
                          for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")


def show_documents(rows: list[dict]) -> None:
    st.subheader("最新文档")
    if not rows:
        st.info("还没有文档。可在“文档”页上传，或运行 `chainkg ingest corpora/`。")
        return
    table = pd.DataFrame([{"标题": r["title"], "日期": r["date"] or "", "来源": r["source"] or "",
                           "提及实体": r["mentions"], "编号": r["id"]} for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")


def show_last_load(rows: list[dict]) -> None:
    st.subheader("上次导入的变化")
    if not rows:
        st.info("上次导入没有新增或更新的文档。")
        return
    new = sum(r["change"] == "new" for r in rows)
    st.caption(f"{rows[0]['loaded_at'][:19].replace('T', ' ')}（UTC）：新增 {new} 篇，更新 {len(rows) - new} 篇；"
               "内容未变的文档不重写，不在此列。")
    table = pd.DataFrame([{"标题": r["title"], "变化": "新增" if r["change"] == "new" else "更新",
                           "提及实体": r["mentions"], "路径": r["path"] or r["id"]} for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")


with shared.friendly_errors("读取图谱"):
    store, spec = shared.get_store(), shared.store_spec()
    st.caption(f"图数据库：{store.kind} · {store.location}")
    show_counts(*shared.label_counts(store, spec))
    show_chains(shared.chains(store, spec))
    show_documents(shared.latest_documents(store, spec))
    show_last_load(shared.last_load(store, spec))
