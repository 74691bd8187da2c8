"""Cypher 控制台: library queries with a form built from their header, or a query of one's own.

Every query goes through ``store.console``: the store's read-only path (FalkorDB
GRAPH.RO_QUERY, Neo4j READ access mode), so a query that would write is refused by the store
itself, and before it a look at the query's plan that refuses LOAD CSV, procedures and
administration commands. On Neo4j it connects as NEO4J_CONSOLE_USER when that is set.
"""

import pandas as pd
import streamlit as st

from chainkg.app_pages import _shared as shared
from chainkg.contract.errors import ConsoleRefusal, ReadOnlyViolation
from chainkg.exports.map_html import result_graph_html
from chainkg.graph.queries import list_queries, parse_query
from chainkg.graph.store import Node, Relationship

st.title("Cypher 控制台（只读）")
OWN = "（自己编写）"


def param_form(query) -> dict:
    """One input a declared parameter, typed by the header."""
    values = {}
    for param in query.params:
        label = f"${param.name}（{param.type}）"
        key = f"console-{query.name}-{param.name}"
        if param.type == "INTEGER":
            values[param.name] = st.number_input(label, value=20, step=1, key=key,
                                                 help=param.description)
        elif param.type == "FLOAT":
            values[param.name] = st.number_input(label, value=0.0, key=key, help=param.description)
        elif param.type == "BOOLEAN":
            values[param.name] = st.checkbox(label, key=key, help=param.description)
        else:
            values[param.name] = st.text_input(label, key=key, help=param.description,
                                               placeholder=param.description)
    return values


def choose_query():
    library = {q.name: q for q in list_queries()}
    name = st.selectbox("查询库（queries/）", [OWN] + list(library), key="console-query")
    if name == OWN:
        text = st.text_area("Cypher", height=150, key="console-text",
                            value=library["companies_and_products"].body)
        return parse_query(text, "console"), {}
    query = library[name]
    st.caption(query.purpose)
    st.code(query.body, language="cypher")
    return query, param_form(query)


def cell(value):
    if isinstance(value, Node):
        return f"({value.label}) {value.props.get('name') or value.props.get('title') or value.props.get('key') or value.id}"
    if isinstance(value, Relationship):
        return f"[:{value.type}]"
    if isinstance(value, (list, tuple)):
        return "；".join(str(cell(v)) for v in value)
    return value


def graph_parts(rows: list[dict]) -> tuple[list[Node], list[Relationship]]:
    nodes, rels = {}, {}
    for row in rows:
        for value in row.values():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, Node):
                    nodes[item.id] = item
                elif isinstance(item, Relationship):
                    rels[item.id] = item
    return list(nodes.values()), list(rels.values())


def show_result(result, limit: int) -> None:
    st.success(f"返回 {len(result.rows)} 行" + (f"（只显示前 {limit} 行）" if result.truncated else ""))
    table = pd.DataFrame([{c: cell(r.get(c)) for c in result.columns} for r in result.rows],
                         columns=result.columns)
    st.dataframe(table, hide_index=True, width="stretch")
    nodes, rels = graph_parts(result.rows)
    if nodes:
        st.markdown(f"**图**：{len(nodes)} 个节点，{len(rels)} 条关系")
        st.iframe(result_graph_html(nodes, rels), height=500)


def run(store, query, raw: dict, timeout: float, limit: int) -> None:
    try:
        params = query.convert({k: v for k, v in raw.items()})
        result = store.console(query.body, params, timeout_s=timeout, limit=limit)
    except ReadOnlyViolation:
        st.error("控制台是只读的：这个查询会修改图谱，已被数据库拒绝。请只使用 MATCH … RETURN 类查询。")
        return
    except ConsoleRefusal as exc:
        st.error(f"控制台只读取图谱，不读取文件、网址，也不执行管理命令：{exc}")
        return
    show_result(result, limit)


def show(store) -> None:
    query, raw = choose_query()
    left, right = st.columns(2)
    timeout = left.number_input("时间限制（秒）", min_value=1, max_value=120, value=10,
                                key="console-timeout")
    limit = right.number_input("行数限制", min_value=1, max_value=10000, value=500,
                               key="console-limit")
    if st.button("运行", type="primary", key="console-run"):
        run(store, query, raw, float(timeout), int(limit))


with shared.friendly_errors("运行查询"):
    show(shared.get_console_store())
