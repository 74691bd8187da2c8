"""The Streamlit app: a router over the pages of chainkg.app_pages.

``streamlit run app.py`` in a checkout, or ``chainkg app`` wherever chainkg is installed
(which runs this file), runs ``main()``. Settings come from st.secrets or the environment
(app_pages/_shared.py).
"""

import streamlit as st

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


def main() -> None:
    """Configure the page, start the background warm-up, and run the page the URL names."""
    st.set_page_config(page_title="产业链招商图谱", page_icon=":material/hub:", layout="wide")
    warm_up()
    pages = [st.Page(shipped("chainkg.app_pages", file), title=title, icon=icon, default=index == 0)
             for index, (file, title, icon) in enumerate(PAGES)]
    st.navigation(pages).run()


if __name__ == "__main__":  # run by `chainkg app` as Streamlit's main script
    main()
