"""The app behind a login: nobody sees a page before it, viewers cannot upload, editors can,
an intranet address without users shows nothing, and errors carry no server paths."""

from __future__ import annotations

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from chainkg.app_pages._shared import public_message
from chainkg.app_pages._users import add_user, load_users, upload_id
from tests.test_app import APP


@pytest.fixture
def users(tmp_path, monkeypatch):
    path = tmp_path / "users.yaml"
    add_user(path, "viewer1", "viewer-pass", "viewer", "查看员")
    add_user(path, "editor1", "editor-pass", "editor", "编辑员")
    monkeypatch.setenv("CHAINKG_USERS_FILE", str(path))
    monkeypatch.setenv("CHAINKG_STORE", f"embedded:{tmp_path / 'graph'}")
    monkeypatch.setenv("CHAINKG_AUTH_KEY", "k" * 32)
    return path


def _login(username: str | None, password: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if username:
        at.text_input[0].input(username)
        at.text_input[1].input(password)
        at.button[0].click().run()
    return at


def _page_titles(at: AppTest) -> list[str]:
    return [str(t.value) for t in at.title]


def test_the_users_file_holds_hashes_and_is_private(users):
    text = users.read_text(encoding="utf-8")
    assert "viewer-pass" not in text and "$2b$" in text
    assert users.stat().st_mode & 0o077 == 0
    assert load_users(users)["usernames"]["editor1"]["roles"] == ["editor"]


def test_nothing_is_shown_before_the_login(users):
    at = _login(None)
    assert _page_titles(at) == [] and len(at.text_input) == 2


def test_a_wrong_password_is_refused(users):
    at = _login("editor1", "not-it")
    assert any("不正确" in str(e.value) for e in at.error) and _page_titles(at) == []


def test_a_viewer_reads_but_cannot_reach_the_upload_page(users):
    at = _login("viewer1", "viewer-pass")
    assert not at.exception
    with pytest.raises(Exception):
        at.switch_page("app_pages/documents.py").run()
    at = _login("viewer1", "viewer-pass")
    at.switch_page("app_pages/console.py").run()
    assert "Cypher 控制台（只读）" in _page_titles(at)


def test_an_editor_reaches_the_upload_page(users):
    at = _login("editor1", "editor-pass")
    at.switch_page("app_pages/documents.py").run()
    assert not at.exception and "文档上传与抽取" in _page_titles(at)


def test_an_intranet_address_without_users_shows_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINKG_USERS_FILE", str(tmp_path / "none.yaml"))
    monkeypatch.setenv("CHAINKG_STORE", f"embedded:{tmp_path / 'graph'}")
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        st_config.set_option("server.address", "127.0.0.1")
    assert _page_titles(at) == [] and any("chainkg users add" in str(e.value) for e in at.error)


def test_uploads_are_keyed_by_content_and_uploader_not_by_name():
    report_a, report_b = "衢州远帆生产硫酸钴。".encode(), "浙江青岚位于江山市。".encode()
    assert upload_id("alice", report_a) != upload_id("bob", report_b)  # two users' 报告.txt
    assert upload_id("alice", report_a) != upload_id("bob", report_a)
    assert upload_id("alice", report_a) == upload_id("alice", report_a)


def test_errors_shown_in_the_app_carry_no_paths_or_addresses():
    message = public_message("the embedded store in /srv/chainkg/graph did not start: "
                             "Error 2 connecting to unix socket: /srv/chainkg/graph/falkordb.sock. "
                             "cannot reach Neo4j at bolt://10.0.0.5:7687")
    assert "/srv" not in message and "falkordb.sock" not in message and "10.0.0.5" not in message
