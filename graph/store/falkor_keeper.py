"""The keeper of one embedded store's server (run by path by falkor_server.ensure_server).

    python -I falkor_keeper.py FOLDER IDLE_S HUNG_S REDIS-SERVER ARG...

Standard library only, so it starts in milliseconds. It holds FOLDER/server.lock for its
whole life and writes its pid to FOLDER/server.pid; runs the redis-server command as its
child with umask 077 and PR_SET_PDEATHSIG (the child gets SIGTERM when the keeper dies,
whatever killed it); and ends it with SIGTERM (redis fsyncs its append-only file and exits)
after IDLE_S seconds without a client and with no client session open (FOLDER/session.lock,
held shared by every client), on SIGTERM or SIGINT, or returns when it exits. A server
still loading its data is busy, not idle. A server whose process runs but that has answered
nothing for HUNG_S seconds is hung and is killed (kill -9 loses nothing acknowledged), with a
line in FOLDER/keeper.log that clients read (HUNG_MARK): FalkorDB 4.16 now and then deadlocks
its main thread on the lock of its graph list (a reader count that went below zero), and every
client would otherwise wait for its socket timeout and then fail. Before it ends the server it has the
append-only file rewritten as a snapshot (BGREWRITEAOF) when anything was written, so the next
start reads a snapshot instead of replaying every write (17 s for the log of one chains load
on a busy machine, against well under a second).
"""

import ctypes
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

POLL_S = 1.0
HUNG_MARK = "hung: answered nothing"  # the keeper.log line a client looks for (falkor_server.killed_as_hung)
SESSION_LOCK = "session.lock"
COMPACT_MIN_BYTES = 1  # any write: a short command (UNWIND range(…) CREATE …) may take long to replay
COMPACT_TIMEOUT_S = 300.0


def die_with_parent() -> None:
    os.umask(0o077)
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def ask(sock_path: Path, *words: str, timeout: float = 5) -> str | None:
    """One command's reply as text (a status, an error or a bulk string), or None when the
    server does not answer."""
    request = f"*{len(words)}\r\n" + "".join(f"${len(w.encode())}\r\n{w}\r\n" for w in words)
    try:
        with socket.socket(socket.AF_UNIX) as probe:
            probe.settimeout(timeout)
            probe.connect(str(sock_path))
            probe.sendall(request.encode())
            reply = b""
            while True:
                chunk = probe.recv(65536)
                if not chunk:
                    return None
                reply += chunk
                head, sep, body = reply.partition(b"\r\n")
                if not sep:
                    continue
                if not head.startswith(b"$"):
                    return head.decode(errors="replace")  # +OK, -ERR …, :1
                size = int(head[1:])
                if size < 0:
                    return ""
                if len(body) >= size:
                    return body[:size].decode(errors="replace")
    except (OSError, ValueError):
        return None


def info(sock_path: Path) -> dict[str, str] | None:
    """The server's INFO fields (it answers INFO while it loads), or None."""
    reply = ask(sock_path, "INFO")
    if reply is None or ":" not in reply:
        return None
    return dict(line.split(":", 1) for line in reply.splitlines() if ":" in line and not line.startswith("#"))


def clients(sock_path: Path) -> int | None:
    """Clients connected to the server besides this probe (a server loading its data counts as
    one: it is busy), or None when it does not answer."""
    fields = info(sock_path)
    if fields is None or "connected_clients" not in fields:
        return None
    if fields.get("loading") == "1" or fields.get("async_loading") == "1":
        return 1
    return int(fields["connected_clients"]) - 1


def compact(folder: Path, sock_path: Path) -> None:
    """Rewrite a grown append-only log as a snapshot before the server ends (best effort)."""
    log = folder / "appendonlydir"
    grown = sum(f.stat().st_size for f in log.glob("*.incr.aof")) if log.is_dir() else 0
    if grown < COMPACT_MIN_BYTES or ask(sock_path, "BGREWRITEAOF") is None:
        return
    deadline = time.monotonic() + COMPACT_TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(0.2)
        fields = info(sock_path)
        if fields is None or (fields.get("aof_rewrite_in_progress") == "0"
                              and fields.get("aof_rewrite_scheduled") == "0"):
            return


def private_files(folder: Path) -> None:
    """Files an older chainkg wrote world-readable (graph.rdb) become owner-only."""
    for path in folder.iterdir():
        if path.is_file():
            path.chmod(0o600)


def keep(folder: Path, idle_s: float, hung_s: float, command: list[str]) -> int:
    lock = open(folder / "server.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("another keeper runs this store", file=sys.stderr)
        return 1
    (folder / "server.pid").write_text(f"{os.getpid()}\n")
    (folder / "import").mkdir(mode=0o700, exist_ok=True)
    private_files(folder)
    sock_path = folder / "falkordb.sock"
    sock_path.unlink(missing_ok=True)
    child = subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             preexec_fn=die_with_parent)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    try:
        return watch(sock_path, child, idle_s, stopping, folder / SESSION_LOCK, hung_s=hung_s)
    finally:
        if child.poll() is None:
            compact(folder, sock_path)
        stop(child)
        (folder / "server.pid").unlink(missing_ok=True)
        sock_path.unlink(missing_ok=True)


def watch(sock_path: Path, child: subprocess.Popen, idle_s: float, stopping: list,
          session_lock: Path | None = None, *, hung_s: float = 0) -> int:
    idle_since, answered = time.monotonic(), False
    last_answer = idle_since
    sessions = None
    while not stopping:
        if child.poll() is not None:
            print(f"redis-server exited with code {child.returncode}; see falkordb.log", file=sys.stderr)
            return 1
        connected = clients(sock_path)
        answered = answered or connected is not None
        if connected is not None:
            last_answer = time.monotonic()
        elif hung_s > 0 and (sock_path.exists() or not answered) and time.monotonic() - last_answer >= hung_s:
            # Also a server that never answered since its start (the first command can deadlock
            # it before the first probe); a loading server answers INFO, so it is not hung.
            print(f"{HUNG_MARK} for {hung_s:.0f} s while its process ran; killed it", file=sys.stderr, flush=True)
            child.kill()
            child.wait()
            return 3
        # Busy while it starts or has clients; a socket gone after the start (the folder was
        # deleted or replaced) counts as idle, so such a server still stops.
        if (connected is None and not answered) or (connected or 0) > 0:
            idle_since = time.monotonic()
        if time.monotonic() - idle_since >= idle_s:
            if session_lock is None:
                return 0
            # Every chainkg client holds the session lock shared from before it joins until it
            # closes: taken exclusively here, no client is between its join and its first
            # command, and none can join until this keeper (and its server) has ended.
            sessions = sessions or open(session_lock, "a")
            try:
                fcntl.flock(sessions, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return 0  # the lock stays held until the process exits
            except BlockingIOError:
                idle_since = time.monotonic()
        time.sleep(POLL_S)
    return 0


def stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


if __name__ == "__main__":
    sys.exit(keep(Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]))
