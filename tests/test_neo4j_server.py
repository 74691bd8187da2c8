"""scripts/neo4j: the local Neo4j 5.26 server starts, serves Bolt with auth, and stops.

The server is started once for this module, on a free port, with its own home folder,
exactly as a developer or CI would start it. Outside CI a machine without Java (or
without Maven and no build yet) skips with one reason; with CI=true it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from tests.conftest import free_port, in_ci, missing_neo4j_tools

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j"
PASSWORD = "server-test-口令"  # non-ASCII on purpose: the password must survive the environment
START_LIMIT_S = 300  # the script itself gives up after 120 s; this only guards a hung script


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True,
                          timeout=START_LIMIT_S)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(environment, bolt URI) of a server started by `scripts/neo4j start`; stopped afterwards."""
    missing = missing_neo4j_tools()
    if missing and not in_ci():
        pytest.skip(f"Neo4j server test skipped: {' and '.join(missing)} not found (CI never skips it)")
    home = tmp_path_factory.mktemp("neo4j-server")
    # A settings file of the user's: one setting taken, one (file URLs on) that ours override.
    conf = home / "extra.conf"
    conf.write_text("db.relationship_grouping_threshold=40\n"
                    "dbms.security.allow_csv_import_from_file_urls=true\n", encoding="utf-8")
    env = {**os.environ, "CHAINKG_NEO4J_HOME": str(home), "CHAINKG_NEO4J_CONF": str(conf),
           "CHAINKG_NEO4J_PORT": str(free_port()), "NEO4J_PASSWORD": PASSWORD}
    started = _run(env, "start")
    assert started.returncode == 0, f"start failed:\n{started.stdout}\n{started.stderr}"
    try:
        yield env, started.stdout.strip()
    finally:
        stopped = _run(env, "stop")
        assert stopped.returncode == 0, stopped.stderr
        assert not (home / "pid").exists()


def test_start_prints_only_the_bolt_uri(server):
    env, uri = server
    assert uri == f"bolt://127.0.0.1:{env['CHAINKG_NEO4J_PORT']}"


def test_write_then_read_chinese_text(server):
    env, uri = server
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        driver.execute_query("MERGE (:Company {key: $key, name: $name})",
                             key="quzhou-lithium", name="衢州锂电材料有限公司")
        records, _, _ = driver.execute_query(
            "MATCH (c:Company {key: $key}) RETURN c.name AS name", key="quzhou-lithium")
    assert [r["name"] for r in records] == ["衢州锂电材料有限公司"]
    # The store lives under the home folder the script was given, not in the repository.
    assert (Path(env["CHAINKG_NEO4J_HOME"]) / "data" / "databases" / "neo4j").is_dir()


def test_wrong_password_is_refused(server):
    _, uri = server
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "not-the-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_second_start_says_already_running_and_status_reports_it(server):
    env, uri = server
    again = _run(env, "start")
    assert again.returncode == 0
    assert again.stdout.strip() == uri
    assert "already running" in again.stderr
    status = _run(env, "status")
    assert status.returncode == 0
    assert "running" in status.stdout and uri in status.stdout


def test_a_settings_file_adds_settings(server):
    _, uri = server
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name = 'db.relationship_grouping_threshold' RETURN value")
    assert [r["value"] for r in records] == ["40"]


def test_settings_keep_load_csv_off_files_and_urls(server):
    # The module's settings file turns file URLs on; the server's own settings come after it.
    env, uri = server
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        for url in ("file:///proc/self/environ", "file:///etc/shadow", f"http://127.0.0.1:{env['CHAINKG_NEO4J_PORT']}/"):
            with pytest.raises(neo4j.exceptions.ClientError, match="Cannot load from URL"):
                driver.execute_query(f"LOAD CSV FROM '{url}' AS row RETURN row")
    assert (Path(env["CHAINKG_NEO4J_HOME"]) / "import").is_dir()


def test_a_load_whose_server_stops_exits_2_with_one_line(server, tmp_path):
    from chainkg.contract.facts import DocumentFact
    env, uri = server
    facts = tmp_path / "facts.jsonl"
    facts.write_text("".join(DocumentFact(id=f"d{i}", title="停机").to_json() + "\n"
                             for i in range(50_000)), encoding="utf-8")
    chainkg = str(Path(sys.executable).with_name("chainkg"))
    load = subprocess.Popen([chainkg, "load", str(facts), "--store", uri, "--password", PASSWORD],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(8)
    assert load.poll() is None, "the load ended before the server was stopped"
    assert _run(env, "stop").returncode == 0
    _, err = load.communicate(timeout=120)
    assert load.returncode == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("chainkg: error:") and "Traceback" not in err
    assert _run(env, "start").returncode == 0


def test_dump_and_load_back_up_and_restore_the_database(server, tmp_path):
    """Last in this module: it stops the server. The dump is neo4j-admin's own."""
    env, uri = server
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        driver.execute_query("MERGE (:Company {key: 'backup', name: '备份前'})")
    assert _run(env, "dump", str(tmp_path)).returncode == 1, "a running server is not dumped"
    assert _run(env, "stop").returncode == 0
    dumped = _run(env, "dump", str(tmp_path / "备份"))
    assert dumped.returncode == 0, dumped.stderr
    dump_file = Path(dumped.stdout.strip())
    assert dump_file.is_file() and dump_file.stat().st_size > 0
    assert _run(env, "start").returncode == 0
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        driver.execute_query("MATCH (c:Company {key: 'backup'}) DETACH DELETE c")
    assert _run(env, "stop").returncode == 0
    loaded = _run(env, "load", str(dump_file))
    assert loaded.returncode == 0, loaded.stderr
    assert _run(env, "start").returncode == 0
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        records, _, _ = driver.execute_query("MATCH (c:Company {key: 'backup'}) RETURN c.name AS name")
    assert [r["name"] for r in records] == ["备份前"]


def test_status_of_a_home_with_no_server_exits_3(tmp_path):
    env = {**os.environ, "CHAINKG_NEO4J_HOME": str(tmp_path)}
    status = _run(env, "status")
    assert status.returncode == 3
    assert "stopped" in status.stdout


def test_missing_java_is_one_clear_line_and_exit_2(tmp_path):
    # A PATH holding only what the script needs before it looks for java.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    env = {"PATH": str(bin_dir), "CHAINKG_NEO4J_HOME": str(tmp_path / "home")}
    result = subprocess.run([str(bin_dir / "bash"), str(SCRIPT), "build"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "java not found" in result.stderr


def test_unreadable_settings_file_is_one_clear_line_and_no_server(tmp_path):
    if shutil.which("java") is None and not in_ci():
        pytest.skip("needs java on PATH (the script looks for it first; CI never skips it)")
    env = {**os.environ, "CHAINKG_NEO4J_HOME": str(tmp_path / "home"), "CHAINKG_NEO4J_PORT": str(free_port()),
           "CHAINKG_NEO4J_CONF": str(tmp_path / "没有的.conf")}
    result = _run(env, "start")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"scripts/neo4j: CHAINKG_NEO4J_CONF: {tmp_path / '没有的.conf'} is not a readable file"]
    assert not (tmp_path / "home" / "pid").exists()


def test_an_unknown_setting_in_the_settings_file_is_named_in_one_line(tmp_path):
    if shutil.which("java") is None and not in_ci():
        pytest.skip("needs java on PATH (the script looks for it first; CI never skips it)")
    conf = tmp_path / "设置.conf"
    conf.write_text("db.relationship_grouping_threshold=40\ndbms.no_such.setting=1\n", encoding="utf-8")
    env = {**os.environ, "CHAINKG_NEO4J_HOME": str(tmp_path / "home"), "CHAINKG_NEO4J_PORT": str(free_port()),
           "CHAINKG_NEO4J_CONF": str(conf), "NEO4J_PASSWORD": PASSWORD}
    result = _run(env, "start")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("scripts/neo4j: Neo4j knows no setting 'dbms.no_such.setting' (in CHAINKG_NEO4J_CONF ")
    assert "Exception" not in result.stderr and not (tmp_path / "home" / "pid").exists()
