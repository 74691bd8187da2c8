"""The chainkg command as a user runs it: real processes, real stores, one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NEO4J_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
CHAINKG = str(Path(sys.executable).with_name("chainkg"))  # the installed console script


def chainkg(*args: str, store: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEO4J_PASSWORD": NEO4J_PASSWORD}
    if store:
        env["CHAINKG_STORE"] = store
    return subprocess.run([CHAINKG, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_ingest_twice_gives_identical_stats(store, store_spec):
    first = chainkg("ingest", "corpora/", store=store_spec)
    assert first.returncode == 0, first.stderr
    stats_once = json.loads(chainkg("stats", "--format", "json", store=store_spec).stdout)
    again = chainkg("ingest", "corpora/", store=store_spec)
    assert again.returncode == 0, again.stderr
    stats_twice = json.loads(chainkg("stats", "--format", "json", store=store_spec).stdout)
    assert stats_once == stats_twice
    assert stats_once["nodes"]["Document"] == 10
    assert stats_once["nodes"]["Company"] >= 10
    assert stats_once["relationships"]["MAKES"] >= 10
    assert "10 unchanged" in again.stdout


def test_extract_then_load_equals_ingest(tmp_path):
    facts = tmp_path / "事实.jsonl"
    extracted = chainkg("extract", "corpora/", "-o", str(facts))
    assert extracted.returncode == 0, extracted.stderr
    assert "from 10 documents" in extracted.stdout
    lines = [json.loads(line) for line in facts.read_text(encoding="utf-8").splitlines()]
    assert all(line["schema"] == "chainkg.facts/1" for line in lines)
    assert sum(line["kind"] == "document" for line in lines) == 10
    loaded = chainkg("load", str(facts), store=f"embedded:{tmp_path / 'a'}")
    ingested = chainkg("ingest", "corpora/", store=f"embedded:{tmp_path / 'b'}")
    assert loaded.returncode == ingested.returncode == 0
    stats = [chainkg("stats", "--format", "json", store=f"embedded:{tmp_path / x}").stdout
             for x in "ab"]
    assert json.loads(stats[0]) == json.loads(stats[1])


def test_load_reads_a_folder_of_part_files_as_one_file(tmp_path):
    facts = tmp_path / "facts.jsonl"
    assert chainkg("extract", "corpora/", "-o", str(facts)).returncode == 0
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if '"kind":"document"' in line]
    parts = tmp_path / "部分"  # what a Spark job leaves: part files, bookkeeping, an empty part
    parts.mkdir()
    cut = starts[len(starts) // 2]
    (parts / "part-00000").write_text("".join(lines[:cut]), encoding="utf-8")
    (parts / "part-00001").write_text("".join(lines[cut:]), encoding="utf-8")
    (parts / "part-00002").write_text("", encoding="utf-8")
    (parts / "_SUCCESS").write_text("", encoding="utf-8")
    (parts / ".part-00000.crc").write_bytes(b"\x00\x01")
    from_parts = chainkg("load", str(parts), store=f"embedded:{tmp_path / 'a'}")
    from_file = chainkg("load", str(facts), store=f"embedded:{tmp_path / 'b'}")
    assert from_parts.returncode == from_file.returncode == 0, from_parts.stderr
    assert "10 documents written" in from_parts.stdout and from_parts.stderr.count("skipped") == 0
    stats = [json.loads(chainkg("stats", "--format", "json", store=f"embedded:{tmp_path / x}").stdout)
             for x in "ab"]
    assert stats[0] == stats[1]


def test_load_of_an_empty_folder_is_one_line(tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "_SUCCESS").write_text("", encoding="utf-8")
    result = chainkg("load", str(tmp_path / "parts"), store=f"embedded:{tmp_path / 'g'}")
    assert result.returncode == 2
    assert "no facts files" in result.stderr and "Traceback" not in result.stderr


def test_unreadable_file_is_named_and_the_rest_goes_on(tmp_path):
    (tmp_path / "坏文件.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (tmp_path / "好文件.txt").write_text("浙江华友钴业股份有限公司在衢州生产三元前驱体。", encoding="gbk")
    result = chainkg("ingest", str(tmp_path), store=f"embedded:{tmp_path / 'g'}")
    assert result.returncode == 0
    assert "坏文件.pdf" in result.stderr and "Traceback" not in result.stderr
    assert "1 documents written" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("stats", "--store", "sqlite:x"), "unknown store"),
    (("stats", "--store", "bolt://127.0.0.1:9"), "cannot reach Neo4j"),
    (("query", "no_such_query"), "no query 'no_such_query'"),
    (("query", "node_counts", "-p", "x=1"), "unknown parameter"),
    (("load", "missing.jsonl"), "does not exist"),
])
def test_bad_arguments_give_one_line_and_exit_2(tmp_path, args, message):
    result = chainkg(*args, store=f"embedded:{tmp_path / 'g'}")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_password_is_one_line(neo4j_uri):
    env = {**os.environ, "NEO4J_PASSWORD": "wrong"}
    result = subprocess.run([CHAINKG, "stats", "--store", neo4j_uri],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "wrong user or password" in result.stderr and "Traceback" not in result.stderr


def test_query_that_writes_is_refused_by_the_store(store, store_spec, tmp_path):
    writing = tmp_path / "写入.cypher"
    writing.write_text("// Purpose: try to write\n// Returns: n\nCREATE (n:Company {key: 'x'}) "
                       "RETURN n", encoding="utf-8")
    result = chainkg("query", str(writing), store=store_spec)
    assert result.returncode == 2 and "read-only" in result.stderr
    counts = json.loads(chainkg("stats", "--format", "json", store=store_spec).stdout)
    assert counts["nodes"]["Company"] == 0


def test_plain_tables_line_up_chinese_and_latin_columns():
    from chainkg.cli import render_table
    from chainkg.contract.formatting import display_width
    assert display_width("正极材料ABC") == 11 and display_width("") == 0
    table = render_table([{"企业": "远帆锂业股份有限公司", "n": 3}, {"企业": "ABC", "n": 12}], ["企业", "n"])
    lines = table.splitlines()
    starts = {display_width(line[:line.rindex(value)]) for line, value in zip(lines, ["n", "--", "3", "12"])}
    assert len(lines) == 4 and len(starts) == 1  # the second column starts at one width on every line



@pytest.fixture(scope="module")
def lithium_store(tmp_path_factory) -> str:
    """An embedded store with the chain templates and the hand-written app document."""
    from chainkg.graph.store import open_store
    from tests import appdata
    spec = f"embedded:{tmp_path_factory.mktemp('cli') / 'graph'}"
    with open_store(spec) as store:
        store.ensure_schema()
        appdata.build(store)
    return spec


def test_chains_load_names_chains_and_the_region_table_apart(tmp_path):
    result = chainkg("chains", "load", store=f"embedded:{tmp_path / 'g'}")
    assert result.returncode == 0, result.stderr
    assert "6 chains (" in result.stdout and "锂电池" in result.stdout
    assert "region table (3473 regions): written" in result.stdout
    assert "documents" not in result.stdout  # templates and the region table are not documents
    result = chainkg("stats", store=f"embedded:{tmp_path / 'g'}")
    assert result.returncode == 0, result.stderr
    stats = result.stdout
    assert re.search(r"Document \(your documents\)\s+0\s", stats)
    assert re.search(r"Document \(chain templates\)\s+6\s", stats)


def test_chains_and_segments_are_named_in_chinese(lithium_store):
    result = chainkg("recommend", "--chain", "锂电", "--region", "衢州", "--segment", "电解液",
                     store=lithium_store)
    assert result.returncode == 0, result.stderr
    assert "江苏远航电解液股份有限公司" in result.stdout
    assert "产品匹配 " in result.stdout and "product" not in result.stdout
    leaders = chainkg("leaders", "--chain", "锂电池", "--region", "衢州", store=lithium_store)
    assert "正极材料" in leaders.stdout and "cathode" not in leaders.stdout
    wrong = chainkg("gaps", "--chain", "锂矿", "--region", "衢州", store=lithium_store)
    assert wrong.returncode == 2 and "锂电池（lithium-battery）" in wrong.stderr


def test_numbers_read_the_chinese_way_and_csv_opens_in_excel(lithium_store):
    projects = chainkg("query", "gap_local_projects", "-p", "chain=lithium-battery", "-p", "region=衢州",
                       "-p", "pending=true",
                       store=lithium_store)
    assert "32亿元" in projects.stdout and "e+09" not in projects.stdout
    csv_out = subprocess.run([CHAINKG, "gaps", "--chain", "锂电池", "--region", "衢州", "--format", "csv"],
                             env={**os.environ, "CHAINKG_STORE": lithium_store}, capture_output=True,
                             timeout=600).stdout
    assert csv_out.startswith("\ufeff".encode("utf-8"))  # the BOM Excel needs to read UTF-8
    assert "电解液".encode("utf-8") in csv_out
