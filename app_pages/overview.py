"""概览: what the graph holds, its chains, the latest documents and what the last load changed."""

import pandas as pd
import streamlit as st

from app_pages import _shared as shared
from graph.formatting import zh_count

LABELS_ZH = {"Company": ("企业", "家"), "Product": ("产品", "种"), "Chain": ("产业链", "条"),
             "Segment": ("环节", "个"), "Project": ("项目", "个"), "Document": ("文档", "篇"),
             "Region": ("地区", "个")}
TIER_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}

st.title("产业链招商图谱 · 概览")


def show_counts(rows: list[dict], relationships: int) -> None:
    counts = {row["label"]: row["count"] for row in rows}
    for column, label in zip(st.columns(len(LABELS_ZH)), LABELS_ZH):
        name, unit = LABELS_ZH[label]
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
    show_counts(shared.library_rows(store, spec, "app_label_counts", ()),
                shared.library_rows(store, spec, "app_relationship_total", ())[0]["count"])
    show_chains(shared.chains(store, spec))
    show_documents(shared.library_rows(store, spec, "app_latest_documents", (("limit", 20),)))
    show_last_load(shared.library_rows(store, spec, "app_last_load", ()))
