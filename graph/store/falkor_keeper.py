"""The keeper of one embedded store's server (run by path by falkor_server.ensure_server).

    python -I falkor_keeper.py FOLDER IDLE_S REDIS-SERVER ARG...

Standard library only, so it starts in milliseconds. It holds FOLDER/server.lock for its
whole life and writes its pid to FOLDER/server.pid; runs the redis-server command as its
child with umask 077 and PR_SET_PDEATHSIG (the child gets SIGTERM when the keeper dies,
whatever killed it); and ends it with SIGTERM (redis fsyncs its append-only file and exits)
after IDLE_S seconds without a client, on SIGTERM or SIGINT, or returns when it exits.
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


def die_with_parent() -> None:
    os.umask(0o077)
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def clients(sock_path: Path) -> int | None:
    """Clients connected to the server besides this probe, or None when it does not answer."""
    try:
        with socket.socket(socket.AF_UNIX) as probe:
            probe.settimeout(5)
            probe.connect(str(sock_path))
            probe.sendall(b"*2\r\n$4\r\nINFO\r\n$7\r\nclients\r\n")
            reply = b""
            while b"connected_clients:" not in reply or not reply.endswith(b"\r\n"):
                chunk = probe.recv(4096)
                if not chunk:
                    break
                reply += chunk
    except OSError:
        return None
    for line in reply.decode(errors="replace").splitlines():
        if line.startswith("connected_clients:"):
            return int(line.split(":", 1)[1]) - 1
    return None


def private_files(folder: Path) -> None:
    """Files an older chainkg wrote world-readable (graph.rdb) become owner-only."""
    for path in folder.iterdir():
        if path.is_file():
            path.chmod(0o600)


def keep(folder: Path, idle_s: float, command: list[str]) -> int:
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
        return watch(sock_path, child, idle_s, stopping)
    finally:
        stop(child)
        (folder / "server.pid").unlink(missing_ok=True)
        sock_path.unlink(missing_ok=True)


def watch(sock_path: Path, child: subprocess.Popen, idle_s: float, stopping: list) -> int:
    idle_since, answered = time.monotonic(), False
    while not stopping:
        if child.poll() is not None:
            print(f"redis-server exited with code {child.returncode}; see falkordb.log", file=sys.stderr)
            return 1
        connected = clients(sock_path)
        answered = answered or connected is not None
        # Busy while it starts or has clients; a socket gone after the start (the folder was
        # deleted or replaced) counts as idle, so such a server still stops.
        if (connected is None and not answered) or (connected or 0) > 0:
            idle_since = time.monotonic()
        if time.monotonic() - idle_since >= idle_s:
            return 0
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
    sys.exit(keep(Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]))
