"""文档: upload a document, see what extraction found in it, and add it to the graph."""

import html
import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.app_pages._login import current_user
from chainkg.app_pages._users import upload_id
from chainkg.contract.labels import KIND_ZH, RELATION_ZH
from chainkg.extract.pipeline import extract_text
from chainkg.extract.read import SUPPORTED_SUFFIXES, ReadLimits, UnreadableDocument, read_document
from chainkg.graph.load.writer import group_facts, load_facts

st.title("文档上传与抽取")
KIND_COLOURS = {"company": "#ffd8a8", "product": "#b2f2bb", "project": "#a5d8ff",
                "region": "#eebefa", "segment": "#ffec99", "chain": "#dee2e6"}


@st.cache_data(max_entries=16, show_spinner="正在读取并抽取…")
def extract_upload(name: str, data: bytes, uploader: str) -> tuple[str, list]:
    """Read an uploaded file and extract its facts; raises UnreadableDocument with the file name."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        source = read_document(path, ReadLimits.from_environment())
    facts = list(extract_text(source.text, upload_id(uploader, data),
                              title=source.title or Path(name).stem, source="上传",
                              path=f"upload/{uploader}/{Path(name).name}"))
    return source.text, facts


def highlighted(text: str, entities: list) -> str:
    """The text as HTML with every entity name and alias marked in the colour of its kind."""
    colour = {}
    for entity in entities:
        for surface in [entity.name, *entity.aliases]:
            if len(surface) > 1:
                colour.setdefault(surface, entity.kind)
    if not colour:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(s) for s in sorted(colour, key=len, reverse=True)))
    parts, last = [], 0
    for match in pattern.finditer(text):
        kind = colour[match.group()]
        parts += [html.escape(text[last:match.start()]),
                  f"<mark style='background:{KIND_COLOURS[kind]}' title='{KIND_ZH[kind]}'>"
                  f"{html.escape(match.group())}</mark>"]
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def show_text(text: str, entities: list) -> None:
    legend = " ".join(f"<mark style='background:{KIND_COLOURS[k]}'>{n}</mark>" for k, n in KIND_ZH.items())
    st.html(f"<div>图例：{legend}</div><div style='max-height:420px;overflow:auto;"
            f"white-space:pre-wrap;border:1px solid #ddd;padding:8px;line-height:1.8'>"
            f"{highlighted(text, entities)}</div>")


def show_facts(entities: list, relations: list) -> None:
    st.subheader(f"抽取结果：{len(entities)} 个实体，{len(relations)} 条关系")
    if entities:
        st.dataframe(pd.DataFrame([{"类型": KIND_ZH.get(e.kind, e.kind), "名称": e.name,
                                    "别名": "、".join(e.aliases)} for e in entities]),
                     hide_index=True, width="stretch")
    if relations:
        st.dataframe(pd.DataFrame([{
            "主体": r.source.name or r.source.key, "关系": RELATION_ZH.get(r.type, r.type),
            "客体": r.target.name or r.target.key, "原文句子": r.evidence.sentence,
            "置信度": round(r.evidence.confidence, 2)} for r in relations]),
            hide_index=True, width="stretch")


def add_to_graph(store, facts: list) -> None:
    store.ensure_schema()
    report = load_facts(store, group_facts(facts))
    shared.clear_caches()
    if report.failures:
        st.error("写入失败：" + "；".join(report.failures))
    elif report.unchanged:
        st.info("图谱中已有这篇文档的相同内容，未作改动。")
    else:
        st.success(f"已加入图谱：写入 {report.nodes} 个节点、{report.relationships} 条关系。")


def show(store) -> None:
    upload = st.file_uploader("上传文档（txt、md、html、docx、pdf）", key="documents-upload",
                              type=sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
    if upload is None:
        st.info("上传一篇文档，查看抽取出的企业、产品、项目和地区，并可加入图谱。")
        return
    try:
        text, facts = extract_upload(upload.name, upload.getvalue(), current_user().username)
    except UnreadableDocument as exc:  # its message names our temporary copy: use the upload's name
        st.error(f"无法读取“{upload.name}”：{exc.reason}")
        return
    with shared.friendly_errors(f"处理“{upload.name}”"):
        entities = [f for f in facts if f.kind not in ("document", "relation")]
        relations = [f for f in facts if f.kind == "relation"]
        show_text(text, entities)
        show_facts(entities, relations)
        if st.button("加入图谱", type="primary", key="documents-add"):
            add_to_graph(store, facts)


with shared.friendly_errors("文档处理"):
    if current_user().can_edit:  # the router shows this page to editors only; a link may not
        show(shared.get_store())
    else:
        st.error("上传文档需要编辑权限。")
