"""The Streamlit app: a router over the pages of chainkg.app_pages.

``streamlit run app.py`` in a checkout, or ``chainkg app`` wherever chainkg is installed
(which runs this file), runs ``main()``. Settings come from st.secrets or the environment
(app_pages/_shared.py). Nobody sees a page before the login (app_pages/_login.py); a
viewer gets the pages that read, an editor also those that write.
"""

import streamlit as st

from chainkg.app_pages._login import login, logout_button
from chainkg.app_pages._shared import warm_up
from chainkg.contract.resources import shipped

PAGES = (
    ("overview.py", "概览", ":material/dashboard:"),
    ("chain_map.py", "产业链图谱", ":material/account_tree:"),
    ("gaps.py", "补链强链延链", ":material/troubleshoot:"),
    ("company.py", "企业", ":material/apartment:"),
    ("documents.py", "文档", ":material/description:"),
    ("review.py", "审核", ":material/fact_check:"),
    ("console.py", "Cypher 控制台", ":material/terminal:"),
    ("export.py", "导出", ":material/download:"),
)
EDITOR_PAGES = {"documents.py", "review.py"}  # pages that write to the graph: uploads, review decisions


def main() -> None:
    """Configure the page, start the background warm-up, and run the page the URL names."""
    st.set_page_config(page_title="产业链招商图谱", page_icon=":material/hub:", layout="wide")
    warm_up()
    user = login()
    if user is None:
        return
    logout_button()
    pages = [st.Page(shipped("chainkg.app_pages", file), title=title, icon=icon, default=index == 0)
             for index, (file, title, icon) in enumerate(PAGES)
             if user.can_edit or file not in EDITOR_PAGES]
    st.navigation(pages).run()


if __name__ == "__main__":  # run by `chainkg app` as Streamlit's main script
    main()
