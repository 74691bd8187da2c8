"""End to end: `streamlit run app.py`, the chain map opened in headless Chromium, no network.

Chromium resolves no host name but the local server's and goes through a dead proxy, so
the map must render from what the app serves (vis-network in-lined). Needs Debian's
chromium and chromium-driver (`make system-deps`) and Selenium.
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


@pytest.mark.browser
def test_chain_map_renders_its_segments_offline(app_url, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get(f"{app_url}/chain_map?chain={appdata.CHAIN}&region={appdata.REGION}")
    wait = WebDriverWait(browser, 60)
    wait.until(ready.frame_to_be_available_and_switch_to_it((By.TAG_NAME, "iframe")))
    wait.until(lambda b: b.execute_script(
        "return typeof network !== 'undefined' && network.body.nodeIndices.length > 0"))
    boxes = browser.execute_script("return nodes.get().map(n => [n.label, n.title])")
    assert len(boxes) == 23
    cathode = next(title for label, title in boxes if label.startswith("正极材料（优势）"))
    assert "衢州华锂正极材料有限公司" in cathode  # every local company, on hover
    assert any(label.startswith("电解液（缺失）") for label, _ in boxes)
    assert browser.execute_script("return network.body.data.edges.length") > 20
    assert _canvas_has_drawing(browser)


def _canvas_has_drawing(browser) -> bool:
    """Whether the map's canvas holds the strong segment's green (vis-network drew the boxes)."""
    return browser.execute_script("""
        const canvas = document.querySelector('#mynetwork canvas');
        if (!canvas || canvas.width === 0) return false;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i] === 0x41 && data[i + 1] === 0xab && data[i + 2] === 0x5d) return true;
        }
        return false;
    """)
