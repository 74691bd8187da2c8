"""The embedded store's server belongs to its folder: it outlives the client that started it,
keeps every acknowledged write through a kill -9, never outlives its keeper, stops when idle
or when told, keeps its files to the owner, and runs under limits of its own.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from chainkg.contract.errors import StoreError, StoreUnavailable
from chainkg.contract.facts import DocumentFact
from chainkg.graph.load.writer import group_facts, load_facts
from chainkg.graph.store import open_store
from chainkg.graph.store.falkor_server import server_pid, socket_path, stop_server
from tests.test_cli import chainkg


def _redis_pid(folder: Path) -> int:
    return int(redis.Redis(unix_socket_path=str(socket_path(folder))).info("server")["process_id"])


def _gone(pid: int, within_s: float = 20) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "图谱"
    yield path
    stop_server(path)


def test_the_server_outlives_the_process_that_started_it(folder):
    starter = subprocess.run([sys.executable, "-c",
                              "import sys; from chainkg.graph.store import open_store\n"
                              "with open_store('embedded:' + sys.argv[1]) as s: s.run(\"CREATE (:Company {key: 'k'})\")",
                              str(folder)], capture_output=True, text=True, timeout=120)
    assert starter.returncode == 0, starter.stderr
    pid = server_pid(folder)
    assert pid is not None, "the server stopped with the process that started it"
    with open_store(f"embedded:{folder}") as reader:
        assert server_pid(folder) == pid
        assert reader.rows("MATCH (c:Company) RETURN c.key AS k") == [{"k": "k"}]


def test_a_reader_that_joined_keeps_working_after_the_starter_exits(folder):
    starter = subprocess.Popen([sys.executable, "-c",
                                "import sys, time; from chainkg.graph.store import open_store\n"
                                "s = open_store('embedded:' + sys.argv[1]); print('up', flush=True); time.sleep(2)",
                                str(folder)], stdout=subprocess.PIPE, text=True)
    assert starter.stdout.readline().strip() == "up"
    with open_store(f"embedded:{folder}") as reader:
        starter.wait(timeout=60)
        assert reader.rows("RETURN 1 AS one") == [{"one": 1}]


def test_an_acknowledged_write_survives_a_kill_9_of_the_server(folder):
    with open_store(f"embedded:{folder}") as store:
        store.ensure_schema()
        load_facts(store, group_facts([DocumentFact(id="d1", title="写入后被杀")]))
        os.kill(_redis_pid(folder), signal.SIGKILL)
    deadline = time.monotonic() + 20
    while server_pid(folder) is not None and time.monotonic() < deadline:
        time.sleep(0.1)  # the keeper sees its server gone and leaves
    with open_store(f"embedded:{folder}") as again:
        assert again.rows("MATCH (d:Document) RETURN d.title AS t") == [{"t": "写入后被杀"}]


def test_a_store_an_older_chainkg_saved_as_a_snapshot_opens_with_its_graph(folder):
    import shutil
    with open_store(f"embedded:{folder}") as store:
        store.run("CREATE (:Company {key: '旧快照里的企业'})")
        redis.Redis(unix_socket_path=str(socket_path(folder))).save()  # what older versions left
    stop_server(folder)
    shutil.rmtree(folder / "appendonlydir")  # older versions kept no append-only file
    with open_store(f"embedded:{folder}") as store:
        assert store.rows("MATCH (c:Company) RETURN c.key AS k") == [{"k": "旧快照里的企业"}]
        store.run("CREATE (:Company {key: '升级后写入'})")
    stop_server(folder)
    with open_store(f"embedded:{folder}") as store:  # both survive the next restart
        assert sorted(r["k"] for r in store.rows("MATCH (c:Company) RETURN c.key AS k")) == [
            "升级后写入", "旧快照里的企业"]


def test_a_stopped_store_restarts_from_a_snapshot_not_by_replaying_its_writes(folder):
    """The keeper has the grown append-only log rewritten as a snapshot before the server
    ends: a restart reads it instead of replaying every write (which took 17 s for one
    chains load on a busy machine, longer than a test's idle period, so the keeper stopped a
    server that was still loading)."""
    from chainkg.graph.store.falkor_keeper import COMPACT_MIN_BYTES, clients
    with open_store(f"embedded:{folder}") as store:
        store.ensure_schema()
        store.run("UNWIND range(1, 20000) AS i CREATE (:Company {key: 'c' + toString(i), name: '企业' + toString(i)})")
    log = folder / "appendonlydir"
    assert sum(f.stat().st_size for f in log.glob("*.incr.aof")) >= COMPACT_MIN_BYTES
    base = sum(f.stat().st_size for f in log.glob("*.base.rdb"))
    stop_server(folder)
    assert sum(f.stat().st_size for f in log.glob("*.incr.aof")) == 0  # nothing left to replay
    assert sum(f.stat().st_size for f in log.glob("*.base.rdb")) > base + 100_000  # the graph itself
    with open_store(f"embedded:{folder}") as store:
        assert store.rows("MATCH (c:Company) RETURN count(c) AS n") == [{"n": 20000}]
        assert clients(socket_path(folder)) is not None  # the keeper's probe reads INFO


def test_the_server_dies_with_its_keeper(folder):
    with open_store(f"embedded:{folder}"):
        child = _redis_pid(folder)
        os.kill(server_pid(folder), signal.SIGKILL)
    assert _gone(child), "redis-server was left running after its keeper died"


def test_the_server_stops_after_the_last_client_and_the_idle_period(folder, monkeypatch):
    monkeypatch.setenv("CHAINKG_EMBEDDED_IDLE_S", "1")
    with open_store(f"embedded:{folder}"):
        child = _redis_pid(folder)
        time.sleep(2.5)
        assert server_pid(folder) is not None, "stopped while a client was connected"
    assert _gone(child)


def test_store_stop_and_status_from_the_command_line(folder):
    spec = f"embedded:{folder}"
    with open_store(spec):  # a client keeps it from stopping on its own meanwhile
        assert chainkg("store", "status", store=spec).returncode == 0
        stopped = chainkg("store", "stop", store=spec)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    status = chainkg("store", "status", store=spec)
    assert status.returncode == 3 and "stopped" in status.stdout


def test_store_files_are_readable_by_the_owner_only(folder):
    with open_store(f"embedded:{folder}") as store:
        store.run("CREATE (:Company {key: 'k'})")
    stop_server(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.name} is {oct(mode)}"


def test_an_old_world_readable_snapshot_becomes_private(folder):
    folder.mkdir(parents=True)
    (folder / "graph.rdb").write_bytes(b"")
    (folder / "graph.rdb").chmod(0o644)
    with open_store(f"embedded:{folder}"):
        pass
    assert stat.S_IMODE((folder / "graph.rdb").stat().st_mode) == 0o600


def test_a_load_whose_server_is_gone_stops_with_one_error(folder):
    with open_store(f"embedded:{folder}") as store:
        store.ensure_schema()
        stop_server(folder)
        groups = group_facts([DocumentFact(id=f"d{i}") for i in range(5)])
        with pytest.raises(StoreUnavailable, match="stopped"):
            load_facts(store, groups)


def test_a_hung_server_is_killed_and_a_read_runs_again_on_a_new_one(folder, monkeypatch):
    monkeypatch.setenv("CHAINKG_EMBEDDED_HUNG_S", "8")
    with open_store(f"embedded:{folder}") as store:
        store.run("CREATE (:Company {key: 'k'})")
        hung = _redis_pid(folder)
        os.kill(hung, signal.SIGSTOP)  # answers nothing, as a deadlocked FalkorDB does
        started = time.monotonic()
        assert store.rows("MATCH (c:Company) RETURN c.key AS k") == [{"k": "k"}]
        assert time.monotonic() - started < 60
        assert _redis_pid(folder) != hung and _gone(hung)


def test_a_write_to_a_hung_server_fails_with_one_line_saying_so(folder, monkeypatch):
    monkeypatch.setenv("CHAINKG_EMBEDDED_HUNG_S", "8")
    with open_store(f"embedded:{folder}") as store:
        store.run("CREATE (:Company {key: 'kept'})")
        os.kill(_redis_pid(folder), signal.SIGSTOP)
        with pytest.raises(StoreUnavailable, match="stopped answering"):  # not run twice on its own
            store.run("CREATE (:Company {key: 'lost'})")
    with open_store(f"embedded:{folder}") as again:  # the next command gets a new server
        assert again.rows("MATCH (c:Company) RETURN c.key AS k") == [{"k": "kept"}]


def test_a_server_that_crashed_says_so_and_where_its_report_is(folder):
    with open_store(f"embedded:{folder}") as store:
        os.kill(_redis_pid(folder), signal.SIGSEGV)  # what a FalkorDB crash looks like from outside
        with pytest.raises(StoreUnavailable, match=r"stopped: it crashed \(signal 11; its report is at "
                                                   r"the end of .*falkordb\.log\)"):
            for _ in range(100):  # the first reads may still reach it while it writes its report
                store.rows("RETURN 1 AS one")
                time.sleep(0.05)


def test_a_server_stopped_on_purpose_is_not_called_a_crash(folder):
    with open_store(f"embedded:{folder}") as store:
        stop_server(folder)
        with pytest.raises(StoreUnavailable) as stopped:
            store.rows("RETURN 1 AS one")
    assert "crashed" not in str(stopped.value) and "chainkg store stop" in str(stopped.value)


def test_an_ingest_that_lost_its_server_exits_2_with_one_line(folder, tmp_path):
    facts = tmp_path / "facts.jsonl"
    facts.write_text("".join(DocumentFact(id=f"d{i}", title="x" * 50).to_json() + "\n"
                             for i in range(20000)), encoding="utf-8")
    spec = f"embedded:{folder}"
    with open_store(spec):
        pass
    load = subprocess.Popen([str(Path(sys.executable).with_name("chainkg")), "load", str(facts),
                             "--store", spec], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    os.kill(_redis_pid(folder), signal.SIGKILL)
    _, err = load.communicate(timeout=120)
    assert load.returncode == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("chainkg: error:") and "Traceback" not in err


def test_the_server_runs_under_its_own_limits(folder):
    with open_store(f"embedded:{folder}"):
        config = dict(redis.Redis(unix_socket_path=str(socket_path(folder)), decode_responses=True)
                      .execute_command("GRAPH.CONFIG", "GET", "*"))
    assert config["TIMEOUT_MAX"] > 0 and config["QUERY_MEM_CAPACITY"] > 0
    assert config["RESULTSET_SIZE"] > 0


def test_the_server_writes_an_append_only_file_fsynced_every_second(folder):
    with open_store(f"embedded:{folder}"):
        settings = redis.Redis(unix_socket_path=str(socket_path(folder)), decode_responses=True) \
            .config_get("append*")
    assert settings["appendonly"] == "yes" and settings["appendfsync"] == "everysec"


def test_stats_on_an_empty_store_prints_zeros(folder):
    result = chainkg("stats", store=f"embedded:{folder}")
    assert result.returncode == 0, result.stderr
    assert "Company" in result.stdout and "(no rows)" not in result.stdout


def test_a_query_past_the_memory_capacity_is_stopped_with_one_line(folder, monkeypatch):
    monkeypatch.setenv("CHAINKG_EMBEDDED_QUERY_MEM_MB", "50")
    with open_store(f"embedded:{folder}") as store:
        with pytest.raises(StoreError, match="more memory than the store allows"):
            store.console("UNWIND range(1, 20000000) AS x WITH collect(x) AS xs RETURN size(xs) AS n",
                          timeout_s=60, limit=5)
        assert store.rows("RETURN 1 AS one") == [{"one": 1}], "the server is still serving"


def test_a_cartesian_query_is_stopped_at_its_time_limit(folder):
    with open_store(f"embedded:{folder}") as store:
        with pytest.raises(StoreError, match="time limit"):
            store.console("UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b "
                          "UNWIND range(1, 3000) AS c RETURN count(*) AS n", timeout_s=1, limit=5)
