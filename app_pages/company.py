"""企业: find a company by its full or short name; what it makes, where, with whom, and the evidence."""

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.formatting import document_title, plain_text
from chainkg.contract.labels import LABEL_ZH, relation_zh, tier_zh

st.title("企业查询")
PARTNER_TYPES = ("PARTNERS_WITH", "SUPPLIES", "INVESTS_IN", "SUBSIDIARY_OF")


def pick_company(store, spec: str) -> dict | None:
    text = st.text_input("企业全称或简称", key="company-text", placeholder="例如：华友、衢州华锂")
    if not text.strip():
        st.info("输入企业名称中的几个字，例如简称。")
        return None
    found = shared.find_companies(store, spec, text.strip())
    if not found:
        st.warning(f"没有找到名称或简称包含“{text.strip()}”的企业。")
        return None
    labels = {r["key"]: r["name"] + (f"（{'、'.join(r['aliases'])}）" if r["aliases"] else "")
              for r in found}
    key = st.selectbox(f"找到 {len(found)} 家企业", list(labels), format_func=labels.get,
                       key="company-pick")
    return next(r for r in found if r["key"] == key)


def names(rows: list[dict], type_: str, label: str | None = None) -> list[str]:
    return sorted({r["other"] for r in rows if r["type"] == type_
                   and (label is None or r["label"] == label)})


def profile(company: dict, relations: list[dict], segments: list[dict]) -> None:
    st.header(company["name"])
    place = "·".join(p for p in (company.get("province"), company.get("city")) if p)
    st.caption(f"所在地：{place or '未知'}　简称：{'、'.join(company['aliases'] or []) or '无'}")
    left, right = st.columns(2)
    left.markdown("**产品**：" + ("、".join(names(relations, "MAKES")) or "无"))
    left.markdown("**项目**：" + ("、".join(names(relations, "RUNS")) or "无"))
    right.markdown("**所在地区**：" + ("、".join(names(relations, "LOCATED_IN")) or "无"))
    partners = [f"{r['other']}（{relation_zh(r['type'])}）" for r in relations
                if r["type"] in PARTNER_TYPES]
    right.markdown("**关联企业**：" + ("、".join(sorted(set(partners))) or "无"))
    st.subheader("所属产业链环节")
    if segments:
        st.dataframe(pd.DataFrame([{"产业链": s["chain"], "环节": s["segment"],
                                    "层级": tier_zh(s["tier"]), "产品": s["product"]}
                                   for s in segments]), hide_index=True, width="stretch")
    else:
        st.write("其产品尚未归入任何产业链环节。")


def sources(relations: list[dict]) -> None:
    st.subheader("来源句子")
    rows = [r for r in relations if r["sentence"]]
    if not rows:
        st.write("没有记录来源句子。")
        return
    by_sentence: dict[tuple, list[str]] = {}
    for r in rows:
        by_sentence.setdefault((plain_text(r["sentence"]), document_title(r["document"]) or r["doc_id"]),
                               []).append(fact_text(r))
    st.table(pd.DataFrame([{"原文句子": s, "文档": d, "支持的事实": "；".join(dict.fromkeys(f))}
                           for (s, d), f in by_sentence.items()]), hide_index=True)


def fact_text(row: dict) -> str:
    """A relation as a sentence part: 生产：三元正极材料, 位于：衢江区, 被……投资."""
    what = relation_zh(row["type"])
    kind = LABEL_ZH.get(row.get("label"), ("", ""))[0]
    if row.get("direction") == "in":
        return f"{row['other']}（{kind}）{what}本企业" if kind else f"{row['other']}{what}本企业"
    return f"{what}：{row['other']}"


def show(store, spec: str) -> None:
    company = pick_company(store, spec)
    if company is None:
        return
    relations, segments = shared.company(store, spec, company["key"])
    profile(company, relations, segments)
    sources(relations)


with shared.friendly_errors("企业查询"):
    show(shared.get_store(), shared.store_spec())
