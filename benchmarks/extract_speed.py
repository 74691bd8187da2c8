"""Throughput and peak memory of the whole extraction pipeline on the CCTV news corpus.

    python benchmarks/extract_speed.py --cctv /path/to/xwlb_items.jsonl \\
        [--limit-chars 2000000] [--n-process 1 2] [--override components.relation_model.enabled=false]

The corpus is JSON lines with ``date``, ``title`` and ``text``; it is streamed, never held.
Start-up (pipeline built, first document through it) is printed apart, as ``startup_s``.
For each --n-process value it prints characters per second (text in, facts out, counting
Doc-to-facts) and peak resident memory of this process and its workers (getrusage).
``--override KEY=VALUE`` changes the pipeline's config (JSON values), e.g. to measure what
one component costs by switching it off. ``--time-component NAME`` runs the pipeline without
that component, then the component alone on every Doc, and prints the seconds of each: on a
shared machine the share of the component is steadier than the difference of two runs.
Not run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Iterator
from pathlib import Path

from chainkg.contract.text import normalize
from chainkg.extract.pipeline import build_pipeline, config_setting, extract_texts


def read_items(path: Path, limit_chars: int | None) -> Iterator[tuple[str, str, str]]:
    """(text, doc id, title) of each news item until ``limit_chars`` characters were given."""
    total = 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            item = json.loads(line)
            text = item.get("text") or ""
            if not text.strip():
                continue
            yield text, f"cctv:{item.get('date', '')}:{number}", item.get("title", "")
            total += len(text)
            if limit_chars and total >= limit_chars:
                return


_WARM_UP = "浙江华友钴业股份有限公司在衢州投资建设年产5万吨三元前驱体项目。"


def run(path: Path, limit_chars: int | None, n_process: int, overrides: tuple = ()) -> dict:
    """Extract the corpus once with ``n_process`` processes; figures as a dict.

    Start-up (building the pipeline, and the first document, which loads the word
    segmenter's dictionary and the models' tables) is timed apart from throughput.
    """
    started = time.perf_counter()
    nlp = build_pipeline(overrides=overrides)
    for _ in extract_texts([(_WARM_UP, "warm-up", "")], nlp=nlp, source="cctv"):
        pass
    startup = time.perf_counter() - started
    chars = documents = facts = 0

    def counted() -> Iterator[tuple[str, str, str]]:
        nonlocal chars, documents
        for item in read_items(path, limit_chars):
            chars += len(item[0])
            documents += 1
            yield item

    started = time.perf_counter()
    for _ in extract_texts(counted(), nlp=nlp, n_process=n_process, batch_size=32, source="cctv"):
        facts += 1
    seconds = time.perf_counter() - started
    return {"n_process": n_process, "documents": documents, "chars": chars, "facts": facts,
            "seconds": round(seconds, 2), "chars_per_s": round(chars / seconds),
            "startup_s": round(startup, 2),
            "peak_rss_mb_self": _peak_mb(resource.RUSAGE_SELF),
            "peak_rss_mb_children": _peak_mb(resource.RUSAGE_CHILDREN)}


def time_component(path: Path, limit_chars: int | None, name: str, overrides: tuple = ()) -> dict:
    """Seconds of the pipeline without ``name`` and of ``name`` alone, over the same Docs."""
    nlp = build_pipeline(overrides=overrides)
    component = nlp.get_pipe(name)
    rest = alone = 0.0
    chars = 0
    texts = (normalize(text)[0] for text, _, _ in read_items(path, limit_chars))
    with nlp.select_pipes(disable=[name]):
        started = time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=32):
            middle = time.perf_counter()
            component(doc)
            now = time.perf_counter()
            rest += middle - started
            alone += now - middle
            chars += len(doc.text)
            started = time.perf_counter()
    return {"component": name, "chars": chars, "seconds_without": round(rest, 2),
            "seconds_component": round(alone, 2), "share": round(alone / (rest + alone), 4)}


def _peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cctv", type=Path, required=True, help="xwlb_items.jsonl")
    parser.add_argument("--limit-chars", type=int, default=None, help="stop after N characters")
    parser.add_argument("--n-process", type=int, nargs="+", default=[1])
    parser.add_argument("--override", action="append", default=[], metavar="KEY=VALUE", type=config_setting,
                        help="a config override, e.g. components.relation_model.enabled=false")
    parser.add_argument("--time-component", metavar="NAME", help="time one component apart, e.g. relation_model")
    args = parser.parse_args(argv)
    overrides = tuple(args.override)
    build_pipeline(overrides=overrides)  # built once before timing, as a long run would
    if args.time_component:
        print(json.dumps(time_component(args.cctv, args.limit_chars, args.time_component, overrides)), flush=True)
        return
    for n_process in args.n_process:
        figures = run(args.cctv, args.limit_chars, n_process, overrides)
        print(json.dumps({**figures, "overrides": dict(overrides)}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    from chainkg.contract.errors import run_script
    run_script(main, "extract_speed")
