"""chainkg 产业链招商图谱: the Streamlit entry point, a router over app_pages/.

Run with ``streamlit run app.py`` (settings: .streamlit/config.toml; the store comes from
st.secrets or $CHAINKG_STORE, default embedded:.chainkg/graph). Each page is one file in
app_pages/; what they share lives in app_pages/_shared.py.
"""

import streamlit as st

from app_pages._shared import warm_up

PAGES = [
    st.Page("app_pages/overview.py", title="概览", icon=":material/dashboard:", default=True),
    st.Page("app_pages/chain_map.py", title="产业链图谱", icon=":material/account_tree:"),
    st.Page("app_pages/gaps.py", title="补链强链延链", icon=":material/troubleshoot:"),
    st.Page("app_pages/company.py", title="企业", icon=":material/apartment:"),
    st.Page("app_pages/documents.py", title="文档", icon=":material/description:"),
    st.Page("app_pages/console.py", title="Cypher 控制台", icon=":material/terminal:"),
    st.Page("app_pages/export.py", title="导出", icon=":material/download:"),
]

st.set_page_config(page_title="产业链招商图谱", page_icon=":material/hub:", layout="wide")
warm_up()
st.navigation(PAGES).run()
