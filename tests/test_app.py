"""Every page of the Streamlit app through AppTest, against a real embedded store.

The store holds the chain templates, the region table, the sample corpus (extracted by the
real pipeline) and the hand-written document of tests/appdata.py, whose figures the
assertions know.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from chainkg.graph.store import open_store
from tests import appdata
from tests.gap_fixture import load_gap_fixture

APP = str(appdata.CORPUS.parent / "app.py")


@pytest.fixture(scope="module")
def store_spec(tmp_path_factory):
    spec = f"embedded:{tmp_path_factory.mktemp('app') / 'graph'}"
    with open_store(spec) as store:
        store.ensure_schema()
        appdata.build_with_corpus(store)
        yield spec


@pytest.fixture
def app(store_spec, monkeypatch):
    """The app on ``page`` (call it with a page path), run once, pointed at the test store."""
    monkeypatch.setenv("CHAINKG_STORE", store_spec)
    monkeypatch.setenv("CHAINKG_REGION", appdata.REGION)

    def open_page(page: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page:
            at.switch_page(f"app_pages/{page}.py")
            at.run()
        assert not at.exception, at.exception
        return at

    return open_page


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def pick(box, label: str) -> None:
    """Select the option of a select box whose shown label contains ``label``."""
    box.select_index(next(i for i, o in enumerate(box.options) if label in o)).run()


def frame_text(at) -> str:
    return "\n".join(str(frame.to_dict()) for frame in (d.value for d in at.dataframe))


def test_overview_shows_counts_chains_and_latest_documents(app):
    at = app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["企业"].endswith("家") and metrics["产业链"] == "6条"
    assert "锂电池" in frame_text(at) and appdata.DOC_TITLE in frame_text(at)
    assert "六氟磷酸锂与锂电池电解液产业链调研摘要" in frame_text(at)  # a corpus document
    assert "产业链模板" not in frame_text(at)  # templates are not "latest documents"
    assert "新增 10 篇，更新 0 篇" in texts(at.caption)  # the last load was the corpus
    assert not at.error


def test_chain_map_colours_segments_and_shows_a_segment(app):
    at = app("chain_map")
    pick(at.selectbox(key="map-chain"), "锂电池")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["环节"] == "23个" and metrics["缺失"].endswith("个")
    frames = at.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert "vis-network" in page and "cdn.jsdelivr" not in page
    assert json.dumps("正极材料（优势）")[1:-1] in page  # pyvis writes labels as JSON
    pick(at.selectbox(key="map-segment-lithium-battery"), "正极材料")
    shown = texts(at.markdown)
    assert "**优势**" in shown and "衢州华锂正极材料有限公司" in shown
    assert "年产5万吨三元正极材料项目" in shown
    assert "建成年产5万吨三元正极材料产线" in frame_text(at)  # the evidence sentence
    assert "32亿元" in texts(at.caption)  # investment the Chinese way


def test_gap_page_lists_gaps_and_recommends_companies_with_evidence(app):
    at = app("gaps")
    pick(at.selectbox(key="gaps-chain"), "锂电池")
    table = at.dataframe[0].value
    electrolyte = table[table["环节"] == "电解液"].iloc[0]
    assert electrolyte["建议"] == "补链" and electrolyte["断点"] == "是"
    assert "cathode" not in set(table["环节"])  # only segments needing action by default
    # a break is preselected, and 电解液 is one: its recommendations follow
    preselected = at.selectbox(key="gaps-segment-lithium-battery")
    assert "断点" in preselected.options[preselected.index]
    pick(at.selectbox(key="gaps-segment-lithium-battery"), "电解液（断点）")
    shown = texts(at.markdown)
    assert "江苏远航电解液股份有限公司" in shown and "综合得分" in shown
    assert "国内领先的锂离子电池电解液供应商" in shown  # its evidence sentence
    assert "产品匹配" in frame_text(at)  # score parts with Chinese names


def test_company_page_finds_a_company_by_its_short_name(app):
    at = app("company")
    at.text_input(key="company-text").input("华锂正极").run()
    assert [h.value for h in at.header] == ["衢州华锂正极材料有限公司"]
    shown = texts(at.markdown)
    assert "三元正极材料" in shown and "年产5万吨三元正极材料项目" in shown and "衢江区" in shown
    frames = frame_text(at)
    assert "正极材料" in frames and "锂电池" in frames  # its segment and chain
    assert "投资32亿元建设年产5万吨三元正极材料项目" in frames  # a source sentence
    at.text_input(key="company-text").input("不存在的公司").run()
    assert "没有找到" in texts(at.warning)


def test_console_runs_library_and_own_queries_read_only(app):
    at = app("console")
    at.selectbox(key="console-query").set_value("company_search").run()
    at.text_input(key="console-company_search-text").input("衢州").run()
    at.button(key="console-run").click().run()
    assert "衢州华锂正极材料有限公司" in frame_text(at)
    at.selectbox(key="console-query").set_value("（自己编写）").run()
    at.text_area(key="console-text").input("MATCH (c:Company) DETACH DELETE c").run()
    at.button(key="console-run").click().run()
    assert "只读" in texts(at.error) and not at.exception
    at.text_area(key="console-text").input(
        "MATCH (c:Company)-[r:MAKES]->(p:Product) RETURN c, r, p").run()
    at.number_input(key="console-limit").set_value(3).run()
    at.button(key="console-run").click().run()
    assert "只显示前 3 行" in texts(at.success)
    assert len(at.get("iframe")) == 1  # nodes and relationships: drawn as a graph too


def test_console_survives_a_broken_query(app):
    at = app("console")
    at.selectbox(key="console-query").set_value("（自己编写）").run()
    at.text_area(key="console-text").input("MATCH (n RETURN n").run()
    at.button(key="console-run").click().run()
    assert at.error and not at.exception


def test_export_page_offers_every_download(app):
    at = app("export")
    buttons = {b.label: b for b in at.get("download_button")}
    assert len(buttons) == 9
    assert any("DOCX" in label for label in buttons) and any("GraphML" in label for label in buttons)
    assert not any(b.proto.disabled for b in buttons.values())  # a CJK font is installed
    assert not at.warning


def test_documents_page_extracts_and_adds_an_upload(tmp_path, monkeypatch):
    spec = f"embedded:{tmp_path / 'graph'}"
    with open_store(spec) as store:
        store.ensure_schema()
        appdata.build(store)
        monkeypatch.setenv("CHAINKG_STORE", spec)
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        at.switch_page("app_pages/documents.py").run()
        at.file_uploader(key="documents-upload").set_value(
            ("坏文件.pdf", b"this is no pdf", "application/pdf")).run()
        assert "无法读取“坏文件.pdf”" in texts(at.error) and not at.exception
        text = (appdata.CORPUS / "华友锂电材料产业园.md").read_bytes()
        at.file_uploader(key="documents-upload").set_value(
            ("华友锂电材料产业园.md", text, "text/markdown")).run()
        assert "抽取结果" in texts(at.subheader)
        assert "<mark" in str(at.get("html")[0].proto)  # entities highlighted in the text
        at.button(key="documents-add").click().run()
        assert "已加入图谱" in texts(at.success)
        titles = store.rows("MATCH (d:Document) WHERE d.id STARTS WITH 'upload:' RETURN d.title AS t")
        assert len(titles) == 1


def test_a_bad_store_setting_gives_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("CHAINKG_STORE", "nosuchstore:somewhere")
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    assert "unknown store" in texts(at.error)


def test_the_app_on_neo4j_maps_and_refuses_writes(neo4j_uri, monkeypatch):
    from tests.conftest import NEO4J_PASSWORD
    with open_store(neo4j_uri, password=NEO4J_PASSWORD) as store:
        store.clear()
        store.ensure_schema()
        appdata.build(store)
    monkeypatch.setenv("CHAINKG_STORE", neo4j_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", NEO4J_PASSWORD)
    monkeypatch.setenv("CHAINKG_REGION", appdata.REGION)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["chain"] = appdata.CHAIN
    at.run()
    assert {m.label: m.value for m in at.metric}["企业"] == f"{len(appdata.COMPANIES)}家"
    at.switch_page("app_pages/chain_map.py").run()
    assert {m.label: m.value for m in at.metric}["环节"] == "23个" and not at.error
    at.switch_page("app_pages/console.py").run()
    at.selectbox(key="console-query").set_value("（自己编写）").run()
    at.text_area(key="console-text").input("CREATE (:Company {name: '写入测试'})").run()
    at.button(key="console-run").click().run()
    assert "只读" in texts(at.error) and not at.exception


def test_review_page_confirms_a_merge_with_the_reviewer_name(tmp_path, monkeypatch):
    spec = f"embedded:{tmp_path / 'graph'}"
    with open_store(spec) as store:
        store.ensure_schema()
        load_gap_fixture(store)  # proposes 江西壬前驱体 and its 集团 as one company
    monkeypatch.setenv("CHAINKG_STORE", spec)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/review.py")
    at.run()
    assert not at.exception, at.exception
    assert "江西壬前驱体集团有限公司" in texts(at.markdown)
    confirm = next(b for b in at.button if b.label == "确认")
    assert confirm.disabled  # nobody named: no decision can be made
    at.text_input(key="review-by").input("王科长").run()
    next(b for b in at.button if b.label == "确认").click().run()
    assert not at.exception, at.exception
    assert "待审核 **0** 项" in texts(at.markdown)
    with open_store(spec) as store:
        rows = store.rows("MATCH (c:Company) WHERE c.name_core = '壬前驱体' RETURN c.key AS key")
        decided = store.rows("MATCH (r:Review {status: 'confirmed'}) RETURN r.decided_by AS by")
    assert len(rows) == 1 and decided == [{"by": "王科长"}]
