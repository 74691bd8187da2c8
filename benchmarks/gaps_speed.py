"""How fast do `gaps`, `recommend` and `leaders` answer on a graph of realistic size?

Loads the six chain templates and imports the full ChainKnowledgeGraph data into each store
given, then times the library calls the CLI and the app make (median and 90th percentile of
``--repeat`` runs after one warm-up). Target: median under 300 ms on each store.

    .venv/bin/python benchmarks/gaps_speed.py --ckg ../shared/data/chain_knowledge_graph \\
        --store embedded:/tmp/chainkg-bench --store bolt://127.0.0.1:7687 --clear

``--clear`` empties each store first (never point it at a store you want to keep);
``--skip-import`` times a store that already holds the data. Neo4j credentials come from
NEO4J_USER / NEO4J_PASSWORD.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from chainkg.graph.analysis.leaders import chain_leaders
from chainkg.graph.analysis.recommend import recommend
from chainkg.graph.analysis.status import analyse_gaps
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.ckg import import_ckg
from chainkg.graph.store import open_store


def timed(call, repeat: int) -> tuple[float, float]:
    """Median and 90th percentile in milliseconds of ``repeat`` calls after one warm-up."""
    call()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.9))]


def prepare(store, ckg: Path, clear: bool) -> None:
    if clear:
        store.clear()
    store.ensure_schema()
    start = time.perf_counter()
    load_chains(store)
    report = import_ckg(store, ckg)
    print(f"  import: {report.companies} companies, {report.products} products, "
          f"{report.makes} MAKES in {time.perf_counter() - start:.0f} s")


def bench(store, chain: str, regions: list[str], repeat: int) -> list[tuple[str, float, float]]:
    results = []
    for region in regions:
        calls = {
            f"gaps {chain} {region}": lambda: analyse_gaps(store, chain, region),
            f"recommend {chain} {region}": lambda: recommend(store, chain, region, top=10),
        }
        for name, call in calls.items():
            results.append((name, *timed(call, repeat)))
    results.append((f"leaders {chain}", *timed(lambda: chain_leaders(store, chain), repeat)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckg", type=Path, required=True, help="ChainKnowledgeGraph folder")
    parser.add_argument("--store", action="append", required=True, help="store spec (repeatable)")
    parser.add_argument("--chain", default="lithium-battery")
    parser.add_argument("--region", action="append", help="region(s), default 衢州 and 浙江")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--clear", action="store_true", help="empty each store before importing")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args(argv)
    slow = False
    for spec in args.store:
        print(f"store {spec}")
        with open_store(spec) as store:
            if not args.skip_import:
                prepare(store, args.ckg, args.clear)
            for name, median, p90 in bench(store, args.chain, args.region or ["衢州", "浙江"],
                                           args.repeat):
                slow |= median >= 300
                print(f"  {name:40s} median {median:7.1f} ms   p90 {p90:7.1f} ms")
    return 1 if slow else 0


if __name__ == "__main__":
    from chainkg.contract.errors import run_script
    run_script(main, "gaps_speed")
