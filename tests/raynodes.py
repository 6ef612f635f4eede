"""A real two-node Ray cluster on this machine for tests, every port on 127.0.0.1.

The head is started with `ray start --head`; the second node with `ray start --address`,
each with one CPU, a 200 MB object store and a 1 GB memory budget. Ray rewrites 127.0.0.1 to
the machine's address and refuses a second node in loopback mode, so the head runs in
loopback mode (RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0) and the second node's `ray start` keeps
the address it is given. Both use their own token file. Stopped by process id (never
`ray stop`, which stops every Ray cluster of this user on the machine).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

RAY = Path(sys.executable).with_name("ray")
NODE_ARGS = ["--num-cpus=1", "--object-store-memory=200000000", "--memory=1000000000"]
# `ray start` for a second node on loopback: Ray's CLI would rewrite 127.0.0.1.
WORKER_START = (
    "import sys\n"
    "from ray._private import services\n"
    "services.resolve_ip_for_localhost = lambda host: host\n"
    "from ray.scripts.scripts import main\n"
    "sys.argv = ['ray', *sys.argv[1:]]\n"
    "main()\n"
)


@dataclass(frozen=True)
class Nodes:
    address: str
    env: dict[str, str]  # what a driver needs to join (token, loopback)
    temp: Path

    def pids(self, marker: str) -> list[int]:
        """Processes whose command line contains `marker` (e.g. 'ray::ScreenWorker')."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmdline and int(entry.name) != os.getpid():
                found.append(int(entry.name))
        return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


@contextmanager
def two_nodes() -> Iterator[Nodes]:
    temp = Path(tempfile.mkdtemp(prefix="fsray", dir="/tmp"))  # short: socket paths ≤ 107
    token = temp / "token"
    token.write_text(secrets.token_hex(32))
    env = {
        **os.environ,
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN_PATH": str(token),
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    port = free_port()
    address = f"127.0.0.1:{port}"
    head_env = {**env, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    nodes = Nodes(address, head_env, temp)
    try:
        _run(
            [
                str(RAY),
                "start",
                "--head",
                "--node-ip-address=127.0.0.1",
                f"--port={port}",
                "--include-dashboard=false",
                "--disable-usage-stats",
                f"--temp-dir={temp / 'r'}",
                *NODE_ARGS,
            ],
            head_env,
        )
        _run(
            [
                sys.executable,
                "-c",
                WORKER_START,
                "start",
                f"--address={address}",
                "--node-ip-address=127.0.0.1",
                *NODE_ARGS,
            ],
            env,
        )
        yield nodes
    finally:
        stop(nodes)
        shutil.rmtree(temp, ignore_errors=True)


def _descendants(roots: set[int]) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = set(roots)
    while True:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        if not more:
            return found
        found |= more


def stop(nodes: Nodes) -> None:
    """Stop the processes of this cluster only: those naming its temp folder or address,
    and their children (Ray's agents rename themselves)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = _descendants(set(nodes.pids(str(nodes.temp))) | set(nodes.pids(nodes.address)))
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, sig)
        if not pids:
            return
        time.sleep(2)
