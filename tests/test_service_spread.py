"""`fairsift serve --workers N` spreads clients over its processes: each accepts on its own
SO_REUSEPORT socket (with one shared socket, 20 clients connecting at once all landed on
one process of two). A second service on a port in use still fails. Real processes; the
sockets each process holds are counted in /proc (Linux)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fairsift.service.testing import ServerProcess, seed_people, wait_for

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(socket, "SO_REUSEPORT"),
    reason="counts sockets in /proc; SO_REUSEPORT needed",
)


def _workers(parent: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
                found.append(int(child))
    return found


def _sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += fd.readlink().name.startswith("socket:")
        except OSError:
            continue
    return count


async def _connect_at_once(
    port: int, token: str, workers: list[int], before: dict[int, int]
) -> dict[int, int]:
    """20 keep-alive clients connecting at the same moment, as a load test's do; how many
    connections each process took."""
    opened = await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in range(20)))
    request = f"GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n"
    try:
        for _, writer in opened:
            writer.write(request.encode())
        answers = await asyncio.gather(*(reader.readline() for reader, _ in opened))
        assert all(b" 200 " in answer for answer in answers), answers
        return {pid: _sockets(pid) - before[pid] for pid in workers}
    finally:
        for _, writer in opened:
            writer.close()


def test_concurrent_clients_are_spread_over_the_processes(tmp_path: Path) -> None:
    db = str(tmp_path / "fairsift.db")
    token = seed_people(db)["admin"]
    server = ServerProcess(db, tmp_path / "data", tmp_path / "server.log", workers=2, worker=False)
    server.start()
    try:
        assert server.process is not None
        workers = wait_for(lambda: len(w := _workers(server.process.pid)) == 2 and w, 60)
        for pid in workers:  # both answer before counting
            wait_for(lambda pid=pid: _sockets(pid) > 0, 60)
        time.sleep(1.0)
        before = {pid: _sockets(pid) for pid in workers}
        gained = asyncio.run(_connect_at_once(server.port, token, workers, before))
    finally:
        server.stop()
    assert sum(gained.values()) >= 20, gained
    assert min(gained.values()) >= 3, gained  # hashed over two sockets: about 10 each


def test_a_port_in_use_is_refused(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        run = subprocess.run(
            [sys.executable, "-m", "fairsift.service", "--port", str(port), "--workers", "2",
             "--db", str(tmp_path / "fs.db"), "--data-dir", str(tmp_path / "data")],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        taken.close()
    assert run.returncode == 2, run.stderr
    assert "in use" in run.stderr
