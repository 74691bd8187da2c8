"""审核: proposed company merges, product links and low-confidence relations; confirm or reject.

A decision is stored in the graph with who made it and when, applied at once (a confirmed
merge joins the two companies) and by every later load.
"""

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.app_pages._login import LOCAL_USER, current_user
from chainkg.contract.labels import REVIEW_KIND_ZH
from chainkg.exports.tables import review_rows
from chainkg.graph.load.curation import decide
from chainkg.graph.load.reviews import review_queue

st.title("审核")
st.caption("规则不能确定的企业合并、产品归类和低置信度关系在此等待人工确认；确认或否决后立即生效，"
           "之后每次导入都按此执行。")
SHOWN = 30


def pick_reviewer() -> str:
    """The logged-in user; on a local app without users, the name typed in."""
    user = current_user()
    if user.username != LOCAL_USER:
        st.caption(f"审核人：{user.name}（{user.username}）")
        return f"{user.name}（{user.username}）"
    return st.text_input("审核人", key="review-by", placeholder="姓名或工号（与决定一起保存）").strip()


def show_item(store, item: dict, reviewer: str) -> None:
    with st.container(border=True):
        kind = REVIEW_KIND_ZH.get(item["kind"], item["kind"])
        st.markdown(f"**{kind}**：{item.get('subject_name') or item['subject']} → "
                    f"{item.get('target_name') or item['target']}　置信度 {item['confidence']}")
        st.caption(item["reason"] or "")
        left, right, _ = st.columns([1, 1, 4])
        for column, label, status in ((left, "确认", "confirmed"), (right, "否决", "rejected")):
            if column.button(label, key=f"review-{status}-{item['key']}", disabled=not reviewer):
                with shared.friendly_errors("保存审核决定"):
                    decide(store, item["key"], status, reviewer)
                    shared.clear_caches()
                    st.rerun()


def show(store) -> None:
    reviewer = pick_reviewer()
    if not reviewer:
        st.info("先填写审核人，决定会与姓名和时间一起保存。")
    pending = review_queue(store, "pending")
    kinds = ["全部"] + sorted({REVIEW_KIND_ZH.get(i["kind"], i["kind"]) for i in pending})
    chosen = st.radio("类型", kinds, horizontal=True, key="review-kind")
    items = [i for i in pending if chosen == "全部" or REVIEW_KIND_ZH.get(i["kind"]) == chosen]
    st.markdown(f"待审核 **{len(items)}** 项" + (f"（显示前{SHOWN}项）" if len(items) > SHOWN else ""))
    for item in items[:SHOWN]:
        show_item(store, item, reviewer)
    with st.expander("已决定与规则自动合并的记录"):
        done = [i for i in review_queue(store, "") if i["status"] != "pending"]
        st.dataframe(pd.DataFrame(review_rows(done)), hide_index=True, width="stretch")


with shared.friendly_errors("审核"):
    show(shared.get_store())
