"""Extraction and load at 1x and 10x a slice of the CCTV news corpus: one process against Spark.

    python benchmarks/scale.py --cctv …/cctv_xinwenlianbo/xwlb_items.jsonl \
        [--chars 1410000] [--times 1 10] [--master local[2]] [--engines local spark]
        [--stores embedded neo4j] [--neo4j URI]

The first --chars characters of the corpus (whole items) are written as .txt files into a
temporary folder (never into the repository); Nx is N copies in sub-folders r0 … r(N-1), so
every copy is a document with its own id. For each size it runs, as a user would,
`chainkg extract` in one process and `chainkg extract --engine spark:MASTER`, and prints wall
time, characters and facts a second, peak memory of the whole process tree (JVM and Python
workers included), whether the facts are the same; start-up is the same command on one tiny
document. Then `chainkg load` of each result into each store (a new embedded store; Neo4j
cleared first; started with scripts/neo4j unless --neo4j is given).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAINKG = str(Path(sys.executable).with_name("chainkg"))


def write_corpus(cctv: Path, chars: int, copies: int, folder: Path) -> int:
    """``copies`` copies of the first ``chars`` characters of items as .txt files; characters written."""
    items, total = [], 0
    with cctv.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            text = (item.get("text") or "").strip()
            if not text:
                continue
            items.append((f"{item.get('date', 'x')}_{len(items):05d}.txt", text))
            total += len(text)
            if total >= chars:
                break
    for copy in range(copies):
        sub = folder / f"r{copy}"
        sub.mkdir(parents=True)
        for name, text in items:
            (sub / name).write_text(text, encoding="utf-8")
    return total * copies


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total / 2**20


def run_measured(args: list[str], env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(seconds, peak MB of the process tree, result) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    return seconds, peak[0], subprocess.CompletedProcess(args, process.returncode, out, err)


def facts_of(path: Path) -> list[str]:
    files = sorted(path.glob("part-*")) if path.is_dir() else [path]
    return sorted(line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line)


def extract(engine: str, corpus: Path, output: Path, chars: int) -> dict:
    command = [CHAINKG, "extract", str(corpus), "-o", str(output)]
    if engine != "local":
        command[2:2] = ["--engine", engine]
    seconds, peak, result = run_measured(command)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr[-2000:]}")
    facts = facts_of(output)
    return {"seconds": seconds, "peak_mb": peak, "facts": len(facts), "lines": facts,
            "chars_per_s": chars / seconds, "facts_per_s": len(facts) / seconds}


def load(store: str, facts: Path) -> float:
    seconds, _, result = run_measured([CHAINKG, "load", str(facts), "--store", store],
                                      {"NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", "chainkg-test")})
    if result.returncode != 0:
        raise SystemExit(f"load into {store} failed: {result.stderr[-2000:]}")
    return seconds


def clear_neo4j(uri: str) -> None:
    from chainkg.graph.store import open_store
    with open_store(uri, password=os.environ.get("NEO4J_PASSWORD", "chainkg-test")) as store:
        store.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cctv", type=Path, required=True, help="xwlb_items.jsonl")
    parser.add_argument("--chars", type=int, default=1_410_000, help="size of 1x (whole items)")
    parser.add_argument("--times", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--engines", nargs="+", default=["local", "spark"], choices=["local", "spark"])
    parser.add_argument("--stores", nargs="*", default=["embedded", "neo4j"])
    parser.add_argument("--neo4j", help="bolt:// URI of a running server (else one is started)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="chainkg-scale-"))
    engines = [e if e == "local" else f"spark:{args.master}" for e in args.engines]
    neo4j_env = None
    try:
        tiny = work / "tiny" / "cctv"
        write_corpus(args.cctv, 1, 1, tiny)
        for engine in engines:
            result = extract(engine, tiny, work / f"tiny-{engine.replace(':', '_')}", 1)
            print(f"start-up {engine:16s} {result['seconds']:.1f} s (one document), "
                  f"peak {result['peak_mb']:,.0f} MB", flush=True)
        stores = {}
        for kind in args.stores:
            if kind == "embedded":
                stores[kind] = None  # a new folder for every load
            else:
                if not args.neo4j:
                    sys.path.insert(0, str(ROOT / "benchmarks"))
                    from load import start_neo4j
                    args.neo4j, neo4j_env = start_neo4j()
                stores[kind] = args.neo4j
        for times in args.times:
            corpus = work / f"x{times}" / "cctv"
            chars = write_corpus(args.cctv, args.chars, times, corpus)
            outputs, lines = {}, {}
            for engine in engines:
                outputs[engine] = work / f"x{times}-{engine.replace(':', '_').replace('[', '').replace(']', '')}"
                if engine == "local":
                    outputs[engine] = outputs[engine].with_suffix(".jsonl")
                r = extract(engine, corpus, outputs[engine], chars)
                lines[engine] = r.pop("lines")
                print(f"{times:>3}x {chars:>10,} chars  {engine:16s} {r['seconds']:7.1f} s  "
                      f"{r['chars_per_s']:>9,.0f} chars/s  {r['facts_per_s']:>7,.0f} facts/s  "
                      f"{r['facts']:>8,} facts  peak {r['peak_mb']:,.0f} MB", flush=True)
            if len(engines) == 2:
                print(f"{times:>3}x same facts from both engines: {lines[engines[0]] == lines[engines[1]]}")
            for kind, uri in stores.items():
                for engine in engines:
                    if uri is None:
                        spec = f"embedded:{work / f'store-{times}-{engine[:5]}'}"
                    else:
                        clear_neo4j(uri)
                        spec = uri
                    seconds = load(spec, outputs[engine])
                    if uri is None:
                        from chainkg.graph.store.falkor_server import stop_server
                        stop_server(Path(spec.removeprefix("embedded:")))
                    print(f"{times:>3}x load {engine:16s} facts into {kind:9s} {seconds:7.1f} s", flush=True)
    finally:
        if neo4j_env:
            subprocess.run([str(ROOT / "scripts/neo4j"), "stop"], env=neo4j_env)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from chainkg.contract.errors import run_script
    run_script(main, "scale")
