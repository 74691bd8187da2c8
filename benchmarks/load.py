"""Load throughput of the batched writer on each store: 100,000 nodes and 300,000 relationships.

    python benchmarks/load.py [--stores embedded neo4j neo4j-bulk] [--neo4j-workers 1 2]
                              [--nodes 100000] [--relationships 300000] [--rounds 3]

The facts are synthetic but shaped like ours (companies, products, projects; MAKES, SUPPLIES,
RUNS with evidence), written as one registry-style group through graph.writer.load_facts.
For Neo4j it starts a server with scripts/neo4j unless --neo4j URI is given; the writer runs
once for each --neo4j-workers count. ``neo4j-bulk`` is the first-load path instead: CSV files
(graph.load.bulk), scripts/neo4j import into a stopped server of its own, start, finish the
import; it prints each stage and the time from facts to a server that answers queries.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from chainkg.contract.facts import (
    CompanyFact,
    DocumentFact,
    Evidence,
    NodeRef,
    ProductFact,
    ProjectFact,
    RelationFact,
)
from chainkg.graph.load.bulk import export_bulk, finish_import
from chainkg.graph.load.writer import group_facts, load_facts
from chainkg.graph.store import open_store
from chainkg.graph.store.falkor_server import server_pid, stop_server


def synthetic_facts(n_nodes: int, n_rels: int, seed: int = 7):
    """A registry group of n_nodes nodes (30% companies, 60% products, 10% projects) and n_rels relations."""
    rng = random.Random(seed)
    companies = [f"衢州测试{i}新材料有限公司" for i in range(n_nodes * 3 // 10)]
    products = [f"产品{i}" for i in range(n_nodes * 6 // 10)]
    projects = [f"年产{i}万吨项目" for i in range(n_nodes - len(companies) - len(products))]
    yield DocumentFact(id="registry:benchmark", title="benchmark")
    yield from (CompanyFact(key=c, name=c) for c in companies)
    yield from (ProductFact(key=p, name=p) for p in products)
    yield from (ProjectFact(key=p, name=p, investment_cny=1e9) for p in projects)
    evidence = Evidence(doc_id="registry:benchmark", sentence="基准测试。", extractor="benchmark")
    shapes = [("MAKES", "Company", companies, "Product", products, 0.65),
              ("SUPPLIES", "Company", companies, "Company", companies, 0.30),
              ("RUNS", "Company", companies, "Project", projects, 0.05)]
    for kind, src_label, sources, dst_label, targets, share in shapes:
        for i in range(int(n_rels * share)):
            yield RelationFact(
                type=kind, evidence=evidence.model_copy(update={"start": i}),
                source=NodeRef(label=src_label, key=rng.choice(sources)),
                target=NodeRef(label=dst_label, key=rng.choice(targets)))


def bench_store(spec: str, facts: list, n_nodes: int, n_rels: int, workers: int | None = None,
                server=lambda: None) -> dict:
    """One load through the writer; ``server()`` gives the pid of the store's server once it is open."""
    with _open(spec, workers) as store:
        store.clear()
        store.ensure_schema()
        server_pid = server()
        server_cpu, client_cpu = _cpu_seconds(server_pid), time.process_time()
        started = time.perf_counter()
        report = load_facts(store, group_facts(facts), origin="registry")
        seconds = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu
        server_cpu = _cpu_seconds(server_pid) - server_cpu if server_pid else None
        counted = _relationships(store)
        retries = getattr(store, "retries", 0)
    assert report.failures == [], report.failures
    return {"seconds": seconds, "nodes_per_s": n_nodes / seconds,
            "rels_per_s": n_rels / seconds, "rels_stored": counted, "retries": retries,
            "client_cpu": client_cpu, "server_cpu": server_cpu}


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU time of a process (Linux /proc), 0 when there is none to read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_bulk(env: dict, facts: list, n_nodes: int, n_rels: int) -> dict:
    """Facts to a queryable server by the bulk path, stage by stage (the server is stopped)."""
    stages: dict[str, float] = {}

    def stage(name, work):
        started = time.perf_counter()
        result = work()
        stages[name] = time.perf_counter() - started
        return result

    out = Path(tempfile.mkdtemp(prefix="chainkg-bench-bulk-"))
    stage("csv", lambda: export_bulk(group_facts(facts), out, origin="registry"))
    stage("import", lambda: _neo4j(env, "import", str(out)))
    stage("start", lambda: _neo4j(env, "start"))
    uri = f"bolt://127.0.0.1:{env['CHAINKG_NEO4J_PORT']}"
    with _open(uri, None) as store:
        stage("finish", lambda: finish_import(store))
        counted = _relationships(store)
    _neo4j(env, "stop")
    seconds = sum(stages.values())
    return {"seconds": seconds, "nodes_per_s": n_nodes / seconds, "rels_per_s": n_rels / seconds,
            "rels_stored": counted, "stages": stages}


def _open(spec: str, workers: int | None):
    return open_store(spec, user=os.environ.get("NEO4J_USER", "neo4j"),
                      password=os.environ.get("NEO4J_PASSWORD", ""), workers=workers)


def _relationships(store) -> int:
    return store.rows("MATCH ()-[r]->() WHERE type(r) <> 'MENTIONS' RETURN count(r) AS n")[0]["n"]


def _neo4j(env: dict, *command: str) -> None:
    subprocess.run([str(ROOT / "scripts/neo4j"), *command], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def neo4j_env(port: int) -> dict:
    home = tempfile.mkdtemp(prefix="chainkg-bench-neo4j-")
    return {**os.environ, "CHAINKG_NEO4J_HOME": home, "CHAINKG_NEO4J_PORT": str(port),
            "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", "chainkg-test")}


def start_neo4j() -> tuple[str, dict]:
    env = neo4j_env(7697)
    subprocess.run([str(ROOT / "scripts/neo4j"), "start"], env=env, check=True)
    os.environ["NEO4J_PASSWORD"] = env["NEO4J_PASSWORD"]
    return "bolt://127.0.0.1:7697", env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", nargs="+", default=["embedded", "neo4j"],
                        choices=["embedded", "neo4j", "neo4j-bulk"])
    parser.add_argument("--neo4j-workers", nargs="+", type=int, default=[2], metavar="N",
                        help="transactions side by side in the Neo4j writer; one run each")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=1,
                        help="load into every store this many times, store after store (the first "
                             "round on a Neo4j server this script started is also its JIT warm-up)")
    parser.add_argument("--neo4j", help="bolt:// URI of a running server (else one is started)")
    args = parser.parse_args()
    facts = list(synthetic_facts(args.nodes, args.relationships))
    n_rels = sum(1 for f in facts if f.kind == "relation")
    print(f"{args.nodes} nodes, {n_rels} relationships; {os.cpu_count()} cores; "
          f"neo4j-rust-ext {'on' if _rust_ext() else 'off'}; load average {_load_average()}")
    specs, env, bulk_env = {}, None, None
    try:
        for kind in args.stores:
            if kind == "embedded":
                specs[kind] = "embedded:" + tempfile.mkdtemp(prefix="chainkg-bench-")
            elif kind == "neo4j-bulk":
                bulk_env = neo4j_env(_free_port())
            elif args.neo4j:
                specs[kind] = args.neo4j
            else:
                specs[kind], env = start_neo4j()
        runs = [(kind, None) for kind in specs if kind != "neo4j"]
        if "neo4j" in specs:
            runs += [(f"neo4j/w{n}", n) for n in args.neo4j_workers]
        if bulk_env:
            runs.append(("neo4j-bulk", None))
        for round_ in range(1, args.rounds + 1):
            seconds = {}
            # The Neo4j runs take turns going first: the first run of a round warms the JVM.
            neo4j_runs = [run for run in runs if run[0].startswith("neo4j/")]
            order = [run for run in runs if run not in neo4j_runs]
            order[1:1] = neo4j_runs if round_ % 2 else neo4j_runs[::-1]
            for name, workers in order:
                if name == "neo4j-bulk":
                    result = bench_bulk(bulk_env, facts, args.nodes, n_rels)
                else:
                    spec = specs[name.split("/")[0]]
                    pid = (lambda: _neo4j_pid(env)) if name.startswith("neo4j/") else (lambda: _embedded_pid(spec))
                    result = bench_store(spec, facts, args.nodes, n_rels, workers, pid)
                seconds[name] = result["seconds"]
                extra = (" ".join(f"{k} {v:.1f} s" for k, v in result["stages"].items())
                         if "stages" in result else f"{result['retries']} retried transactions")
                if "client_cpu" in result:
                    server = "?" if result["server_cpu"] is None else f"{result['server_cpu']:.1f} s"
                    extra += f"; CPU: client {result['client_cpu']:.1f} s, server {server}"
                print(f"round {round_} {name:10s} load {result['seconds']:.1f} s: "
                      f"{result['nodes_per_s']:,.0f} nodes/s, {result['rels_per_s']:,.0f} "
                      f"relationships/s ({result['rels_stored']} stored; {extra}); "
                      f"load average {_load_average()}", flush=True)
            for name in seconds:
                if name != "embedded" and "embedded" in seconds:
                    print(f"round {round_} {name} / embedded: "
                          f"{seconds[name] / seconds['embedded']:.2f}", flush=True)
    finally:
        if env:
            subprocess.run([str(ROOT / "scripts/neo4j"), "stop"], env=env)
        if bulk_env:
            subprocess.run([str(ROOT / "scripts/neo4j"), "stop"], env=bulk_env, stdout=subprocess.DEVNULL)
        if "embedded" in specs:  # its server would otherwise idle for ten minutes
            stop_server(Path(specs["embedded"].removeprefix("embedded:")))


def _embedded_pid(spec: str) -> int | None:
    """The pid of the embedded store's redis-server: the child of the folder's keeper."""
    keeper = server_pid(Path(spec.removeprefix("embedded:")))
    try:
        children = Path(f"/proc/{keeper}/task/{keeper}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def _neo4j_pid(env: dict | None) -> int | None:
    """The pid of the Neo4j server this script started (None for one passed with --neo4j)."""
    if env is None:
        return None
    try:
        return int((Path(env["CHAINKG_NEO4J_HOME"]) / "pid").read_text())
    except (OSError, ValueError):
        return None


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _rust_ext() -> bool:
    try:
        import neo4j._codec.packstream._rust  # noqa: F401 - what neo4j-rust-ext installs
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    from chainkg.contract.errors import run_script
    run_script(main, "load")
