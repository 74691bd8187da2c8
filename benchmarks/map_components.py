"""Which component draws the app's chain map: each candidate measured in headless Chromium.

For every candidate a one-page Streamlit app draws the same chain map (same layered layout,
same colours) and prints the segment a click selects. Chromium runs with no network (every
host name but 127.0.0.1 unresolvable, a dead proxy), so a candidate that fetches anything from
the internet does not draw. Measured, median of ``--repeat`` page loads:

* draw: from navigation to the segment boxes on screen;
* click: from a click on the 电解液 box to Python printing that segment (bidirectional);
* label: the pixel height of a segment name at the default size (readability).

    pip install streamlit-agraph==0.0.45 plotly==7.1.0      # the candidates chainkg does not ship
    CHAINKG_STORE=embedded:/tmp/g chainkg chains load && CHAINKG_STORE=embedded:/tmp/g chainkg ingest corpora/
    python benchmarks/map_components.py --store embedded:/tmp/g --chain lithium-battery --region 衢州

Needs Debian's chromium and chromium-driver (`make system-deps`). A candidate whose package
is missing is reported as such, not measured.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1")
TARGET = "电解液"

PRELUDE = '''
import os
import streamlit as st
from chainkg.contract.labels import status_zh
from chainkg.exports.layout import layer_layout
from chainkg.exports.style import STATUS_BORDERS, STATUS_COLOURS
from chainkg.graph.analysis.status import chain_map
from chainkg.graph.store import open_store

st.set_page_config(layout="wide")

@st.cache_resource
def _map():
    with open_store(os.environ["BENCH_STORE"]) as store:
        return chain_map(store, os.environ["BENCH_CHAIN"], os.environ["BENCH_REGION"])

cm = _map()
layout = layer_layout(cm.segments, cm.edges)
segments = cm.segments
def label(g):
    return f"{g.name}\\n{status_zh(g.status)}·{len(g.companies)}家"
'''

CANDIDATES = {
    "pyvis in st.iframe (one-way)": ("pyvis", '''
from chainkg.exports.map_html import chain_map_html
st.iframe(chain_map_html(cm), height=580)
st.write("SELECTED:none")
'''),
    "st.echarts_chart, on_select": ("streamlit", '''
nodes = [{"name": g.segment, "value": [layout[g.segment][0], layout[g.segment][1]],
          "label": {"show": True, "formatter": label(g), "fontSize": 14, "lineHeight": 18},
          "symbol": "roundRect", "symbolSize": [112, 46],
          "itemStyle": {"color": STATUS_COLOURS[g.status], "borderColor": STATUS_BORDERS[g.status]}}
         for g in segments]
spec = {"animation": False, "tooltip": {},
        "xAxis": {"type": "value", "show": False, "min": -0.6, "max": max(l for l, _ in layout.values()) + 0.6},
        "yAxis": {"type": "value", "show": False, "inverse": True, "min": -0.6,
                  "max": max(r for _, r in layout.values()) + 0.6},
        "series": [{"type": "graph", "coordinateSystem": "cartesian2d", "selectedMode": "single",
                    "edgeSymbol": ["none", "arrow"], "data": nodes,
                    "links": [{"source": s, "target": t} for s, t in cm.edges]}]}
event = st.echarts_chart(spec, key="map", on_select="rerun", height=600, renderer="svg", theme=None)
picked = [i for item in event.selection.selected for i in item["data_indices"]]
st.write("SELECTED:" + (segments[picked[0]].segment if picked else "none"))
'''),
    "streamlit-agraph 0.0.45": ("streamlit_agraph", '''
from streamlit_agraph import Config, Edge, Node, agraph
nodes = [Node(id=g.segment, label=label(g), shape="box", x=layout[g.segment][0] * 190,
              y=layout[g.segment][1] * 95, color=STATUS_COLOURS[g.status], font={"size": 16})
         for g in segments]
edges = [Edge(source=s, target=t) for s, t in cm.edges]
picked = agraph(nodes=nodes, edges=edges, config=Config(width=1100, height=580, directed=True,
                                                         physics=False, hierarchical=False))
st.write("SELECTED:" + (picked or "none"))
'''),
    "st.plotly_chart, on_select": ("plotly", '''
import plotly.graph_objects as go
xs = [layout[g.segment][0] for g in segments]
ys = [layout[g.segment][1] for g in segments]
figure = go.Figure(go.Scatter(
    x=xs, y=ys, mode="markers+text", text=[label(g).replace("\\n", "<br>") for g in segments],
    marker={"symbol": "square", "size": 44, "color": [STATUS_COLOURS[g.status] for g in segments]},
    textfont={"size": 14}, customdata=[g.segment for g in segments]))
figure.update_yaxes(autorange="reversed", visible=False)
figure.update_xaxes(visible=False)
figure.update_layout(height=600, clickmode="event+select", showlegend=False)
event = st.plotly_chart(figure, on_select="rerun", key="map", selection_mode="points")
points = event.selection.points
st.write("SELECTED:" + (points[0]["customdata"] if points else "none"))
'''),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


# JavaScript that finds the target box's label on screen, in the page or in an iframe's canvas.
FIND_TEXT = """
const wanted = arguments[0];
for (const t of document.querySelectorAll('svg text, svg tspan')) {
  if (t.textContent.trim() === wanted) {
    const r = t.getBoundingClientRect();
    if (r.width > 0) return [r.left + r.width / 2, r.top + r.height / 2, r.height];
  }
}
return null;
"""
CANVAS_DRAWN = """
for (const frame of document.querySelectorAll('iframe')) {
  try {
    const canvas = frame.contentDocument.querySelector('canvas');
    if (!canvas || !canvas.width) continue;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 16) if (data[i] !== 255 || data[i+1] !== 255) return true;
  } catch (e) {}
}
return false;
"""


def measure(driver, url: str) -> tuple[float, float | None, float | None]:
    """(draw seconds, click seconds or None, label pixel height or None) for one page load."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get("about:blank")
    started = time.perf_counter()
    driver.get(url)
    wait = WebDriverWait(driver, 60, poll_frequency=0.02)
    found = wait.until(lambda d: d.execute_script(FIND_TEXT, TARGET) or d.execute_script(CANVAS_DRAWN))
    drawn = time.perf_counter() - started
    if found is True:  # drawn on a canvas inside an iframe: no label element to click or measure
        return drawn, None, None
    x, y, height = found
    started = time.perf_counter()
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.pointer_action.click()
    actions.perform()
    try:
        WebDriverWait(driver, 20, poll_frequency=0.02).until(
            lambda d: "SELECTED:" in d.page_source and "SELECTED:none" not in d.page_source)
        clicked = time.perf_counter() - started
    except Exception:
        clicked = None
    return drawn, clicked, height


def run_candidate(name: str, needs: str, code: str, args, folder: Path, driver) -> str:
    if importlib.util.find_spec(needs) is None:
        return f"| {name} | not installed ({needs}) | | | |"
    script = folder / f"bench_{abs(hash(name))}.py"
    script.write_text(textwrap.dedent(PRELUDE) + textwrap.dedent(code), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "BENCH_STORE": args.store, "BENCH_CHAIN": args.chain,
           "BENCH_REGION": args.region}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port",
                               str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                               "--browser.gatherUsageStats", "false"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/_stcore/health")
        runs = [measure(driver, f"http://127.0.0.1:{port}/") for _ in range(args.repeat)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    draw = statistics.median(r[0] for r in runs)
    clicks = [r[1] for r in runs if r[1] is not None]
    heights = [r[2] for r in runs if r[2]]
    if clicks:
        click = f"{statistics.median(clicks):.2f} s"
    else:  # a canvas in an iframe has no element to click; a one-way page has nothing to send
        click = "not measured (canvas)" if not heights else "no answer"
    label = f"{statistics.median(heights):.0f} px" if heights else "canvas, not measured"
    return f"| {name} | offline: drew | {draw:.2f} s | {click} | {label} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="embedded:.chainkg/graph")
    parser.add_argument("--chain", default="lithium-battery")
    parser.add_argument("--region", default="衢州")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| candidate | network off | draw (median) | click → Python | segment label height |")
    print("|---|---|---|---|---|")
    driver = browser()
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name, (needs, code) in CANDIDATES.items():
                print(run_candidate(name, needs, code, args, Path(folder), driver), flush=True)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
