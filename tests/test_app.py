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


def frame_text(at) -> str:
    return "\n".join(str(frame.to_dict()) for frame in (d.value for d in at.dataframe))


def table_text(at) -> str:
    return "\n".join(str(t.value.to_dict()) for t in at.table)


def test_overview_counts_the_users_documents_in_local_time(app):
    at = app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["企业"].endswith("家") and metrics["产业链"] == "6条"
    assert metrics["文档"] == "11篇"  # the corpus and the test document, not the 7 templates and registries
    assert "产业链模板 6 份" in texts(at.caption) and "名录与行政区划 1 份" in texts(at.caption)
    assert "锂电池" in frame_text(at) and appdata.DOC_TITLE in frame_text(at)
    assert "六氟磷酸锂与锂电池电解液产业链调研摘要" in frame_text(at)  # a corpus document
    assert "产业链模板" not in frame_text(at)  # templates are not "latest documents"
    shown = frame_text(at) + texts(at.caption)
    assert "doc:" not in shown and "(UTC)" not in shown and "graph" not in texts(at.caption)
    assert "_GBK" not in frame_text(at) and "'file'" not in frame_text(at)  # titles and sources as read
    assert "衢州新闻网" in frame_text(at)  # a web page's site is its source
    assert "新增 10 篇，更新 0 篇" in texts(at.caption)  # the last load was the corpus
    assert not at.error


def map_page(app, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    at.switch_page("app_pages/chain_map.py").run()
    assert not at.exception, at.exception
    return at


def map_option(at) -> dict:
    charts = at.get("echarts_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def test_a_map_link_opens_that_map_and_its_first_break(app):
    at = map_page(app, chain="锂电池", region="衢州")  # names in the link, not keys
    assert at.selectbox(key="map-chain").value == appdata.CHAIN
    assert at.selectbox(key="map-region").value == "衢州市"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["环节"] == "23个" and metrics["断点"] != "0个"
    option = map_option(at)
    boxes = option["series"][0]["data"]
    assert len(boxes) == 23
    cathode = next(b for b in boxes if b["name"] == "cathode")
    assert cathode["label"]["formatter"].startswith("{n|正极材料}")
    assert "衢州华锂正极材料有限公司" in cathode["tooltip"]["formatter"]  # full names on hover
    assert [a[0]["name"] for a in option["series"][0]["markArea"]["data"]] == ["上游", "中游", "下游"]
    picker = at.selectbox(key="map-segment-lithium-battery")
    assert "断点" in picker.format_func(picker.value)  # the detail opens on a break
    assert next(b for b in boxes if b["name"] == picker.value)["selected"]  # and the map marks it
    assert at.query_params["segment"] == picker.value  # a copied link reopens it


def test_a_chosen_segment_opens_its_details_and_recommendations(app):
    at = map_page(app, chain=appdata.CHAIN, region=appdata.REGION, segment="电解液")
    assert at.selectbox(key="map-segment-lithium-battery").value == "electrolyte"
    shown = texts(at.markdown)
    assert "推荐招商对象：电解液" in shown and "江苏远航电解液股份有限公司" in shown
    assert "综合得分在0到1之间" in texts(at.caption)  # the score's scale is explained where shown
    at.selectbox(key="map-segment-lithium-battery").set_value("cathode").run()
    shown = texts(at.markdown)
    assert "**优势**" in shown and "衢州华锂正极材料有限公司" in shown
    assert "年产5万吨三元正极材料项目" in shown
    assert "建成年产5万吨三元正极材料产线" in table_text(at)  # the evidence sentence, whole
    assert "32亿元" in texts(at.caption)  # investment the Chinese way
    assert at.query_params["segment"] == "cathode"
    assert next(b for b in map_option(at)["series"][0]["data"] if b["name"] == "cathode")["selected"]


def test_pickers_are_remembered_across_pages_and_kept_in_the_address(app):
    at = map_page(app, chain="锂电", region="衢州")
    at.switch_page("app_pages/gaps.py").run()
    assert at.selectbox(key="gaps-chain").value == appdata.CHAIN  # not reset to the first chain
    assert at.selectbox(key="gaps-region").value == "衢州市"
    at.selectbox(key="gaps-chain").set_value("special-paper").run()
    assert at.query_params["chain"] == "special-paper" and at.query_params["region"] == "衢州市"
    at.switch_page("app_pages/export.py").run()
    assert at.selectbox(key="export-chain").value == "special-paper"
    assert not at.exception


def test_settings_choose_where_the_pickers_start(store_spec, monkeypatch):
    monkeypatch.setenv("CHAINKG_STORE", store_spec)
    monkeypatch.setenv("CHAINKG_CHAIN", "特种纸")
    monkeypatch.setenv("CHAINKG_REGION", "衢州")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/gaps.py").run()
    assert at.selectbox(key="gaps-chain").value == "special-paper"
    assert at.selectbox(key="gaps-region").value == "衢州市"
    monkeypatch.delenv("CHAINKG_CHAIN")
    monkeypatch.delenv("CHAINKG_REGION")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/gaps.py").run()
    assert at.selectbox(key="gaps-region").value == "衢州市"  # the city with the most companies


def test_gap_page_shows_whole_cells_and_recommends_companies_with_evidence(app):
    at = app("gaps")
    at.selectbox(key="gaps-chain").set_value(appdata.CHAIN).run()
    table = at.table[0].value
    electrolyte = table[table["环节"] == "电解液"].iloc[0]
    assert electrolyte["判断"] == "缺失·补链·断点"
    assert electrolyte["说明"].endswith("。")  # a whole sentence, not cut at a column's width
    assert "正极材料" not in set(table["环节"])  # only segments needing action by default
    assert list(table["判断"]).index("缺失·补链·断点") == 0  # breaks first
    preselected = at.selectbox(key="gaps-segment-lithium-battery")
    assert "断点" in preselected.format_func(preselected.value)
    segment = at.selectbox(key="gaps-segment-lithium-battery")
    assert "电解液（补链·断点）" in segment.options  # named with what to do about it
    segment.set_value("electrolyte").run()
    shown = texts(at.markdown)
    assert "江苏远航电解液股份有限公司" in shown and "综合得分" in shown and "（满分1）" in shown
    assert "国内领先的锂离子电池电解液供应商" in shown  # its evidence sentence
    assert "产品匹配" in table_text(at)  # score parts with Chinese names
    assert "综合得分在0到1之间" in texts(at.caption)


def test_company_page_finds_a_company_by_its_short_name(app):
    at = app("company")
    at.text_input(key="company-text").input("华锂正极").run()
    assert [h.value for h in at.header] == ["衢州华锂正极材料有限公司"]
    shown = texts(at.markdown)
    assert "三元正极材料" in shown and "年产5万吨三元正极材料项目" in shown and "衢江区" in shown
    frames = frame_text(at)
    assert "正极材料" in frames and "锂电池" in frames  # its segment and chain
    sources = table_text(at)
    assert "投资32亿元建设年产5万吨三元正极材料项目" in sources  # a source sentence
    assert "生产：三元正极材料" in sources and "位于：衢江区" in sources  # facts in Chinese
    assert "MAKES" not in sources and "LOCATED_IN" not in sources
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
    assert "A4" in texts(at.caption) and "16:9" in texts(at.caption)


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
