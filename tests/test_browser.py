"""End to end: `streamlit run app.py`, the chain map opened in headless Chromium, no network.

Chromium resolves no host name but the local server's and goes through a dead proxy, so
the map must render from what the app serves (ECharts ships inside Streamlit). The map is
hovered and clicked as a user does it: the click must open the segment's details and
recommendations. Needs Debian's chromium and chromium-driver (`make system-deps`) and Selenium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from chainkg.graph.store import open_store
from tests import appdata

ROOT = appdata.CORPUS.parent
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--window-size=1400,1000",
    # the network is closed: no DNS but for the local server, no route but through a dead proxy
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    spec = f"embedded:{tmp_path_factory.mktemp('browser') / 'graph'}"
    port = _free_port()
    with open_store(spec) as store:
        store.ensure_schema()
        appdata.build(store)
        env = {**os.environ, "CHAINKG_STORE": spec, "CHAINKG_REGION": appdata.REGION}
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(f"http://127.0.0.1:{port}/_stcore/health")
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "install Debian's chromium and chromium-driver: make system-deps"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


def _label_centre(browser, text: str):
    """Where the map draws ``text`` (an SVG text element), with its font size; None if not drawn."""
    return browser.execute_script("""
        for (const t of document.querySelectorAll('[data-testid="stEChartsChart"] svg text')) {
            if (t.textContent.trim() === arguments[0]) {
                const r = t.getBoundingClientRect();
                if (r.width > 0) return [r.left + r.width / 2, r.top + r.height / 2,
                                         parseFloat(getComputedStyle(t).fontSize)];
            }
        }
        return null;""", text)


def _pointer(browser, x: float, y: float, click: bool = False) -> None:
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(x), int(y))
    if click:
        actions.pointer_action.click()
    actions.perform()


@pytest.mark.browser
def test_chain_map_draws_offline_and_a_click_opens_the_segment(app_url, browser):
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get(f"{app_url}/chain_map?chain=锂电池&region={appdata.REGION}")
    wait = WebDriverWait(browser, 60)
    wait.until(lambda b: _label_centre(b, "电解液"))
    names = browser.execute_script("""return [...document.querySelectorAll(
        '[data-testid="stEChartsChart"] svg text')].map(t => t.textContent.trim());""")
    for segment in ("锂资源", "正极材料", "电解液", "电芯", "电池回收利用", "上游", "中游", "下游"):
        assert segment in names  # drawn with no network: ECharts ships with Streamlit
    assert _label_centre(browser, "正极材料")[2] >= 14  # a readable label at the default size
    toolbar = browser.execute_script("""return [...document.querySelectorAll(
        '[data-testid="stElementToolbarButton"] button')].map(b => b.getAttribute('aria-label'));""")
    assert any(label and label.startswith("Fullscreen") for label in toolbar)
    x, y, _ = _label_centre(browser, "正极材料")
    _pointer(browser, x, y)  # hover: every local company by its full name
    wait.until(lambda b: "衢州华锂正极材料有限公司" in b.execute_script("return document.body.innerText"))
    x, y, _ = _label_centre(browser, "电解液")
    _pointer(browser, x, y, click=True)
    wait.until(lambda b: "segment=electrolyte" in b.current_url)
    wait.until(lambda b: "推荐招商对象：电解液" in b.execute_script("return document.body.innerText"))
    shown = browser.execute_script("return document.body.innerText")
    assert "江苏远航电解液股份有限公司" in shown  # the recommendations opened by the click
