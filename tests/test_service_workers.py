"""`fairsift serve --workers N` (python -m fairsift.service): several processes serve one
store. A browser's sign-in works on whichever process answers (sessions live in the store),
signing out ends it on all of them, and only one process runs the ingest worker."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from fairsift.service import cores
from fairsift.service.testing import PASSWORD, ServerProcess, seed_people, wait_for


def test_sessions_and_ingest_across_worker_processes(tmp_path: Path) -> None:
    db = str(tmp_path / "fairsift.db")
    tokens = seed_people(db)
    server = ServerProcess(db, tmp_path / "data", tmp_path / "server.log", workers=2)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as browser:
            signed_in = browser.post(
                "/api/session", json={"username": "rev-reports", "password": PASSWORD}
            )
            csrf = signed_in.json()["csrf_token"]
            cookie = browser.cookies["fs_session"]
        assert server.process is not None
        workers = _worker_processes(server.process.pid)
        statuses = []
        for _ in range(24):  # a new connection each time: the processes take turns
            with httpx.Client(base_url=server.url, cookies={"fs_session": cookie}) as fresh:
                statuses.append(fresh.get("/api/me").status_code)
        with httpx.Client(base_url=server.url, cookies={"fs_session": cookie}) as fresh:
            sent = fresh.post(
                "/api/reports",
                json={"text": "Bridge down on route 9"},
                headers={"x-csrf-token": csrf},
            )
            out = fresh.delete("/api/session", headers={"x-csrf-token": csrf})
        after = []
        for _ in range(8):
            with httpx.Client(base_url=server.url, cookies={"fs_session": cookie}) as fresh:
                after.append(fresh.get("/api/me").status_code)
        headers = {"Authorization": f"Bearer {tokens['admin']}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=60) as admin:
            item = sent.json()["status_url"]
            done = wait_for(lambda: admin.get(item).json()["status"] == "done", timeout=180)
    finally:
        server.stop()
    assert signed_in.status_code == 200
    assert statuses == [200] * 24
    assert sent.status_code == 202 and out.status_code == 204
    assert after == [401] * 8
    assert done
    assert len(workers) == 2


def _worker_processes(parent: int) -> list[int]:
    """The uvicorn worker processes under the serving process (not multiprocessing's
    resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
            found.append(int(entry.name))
    return found


def test_the_default_worker_count_is_the_cores_this_process_may_use() -> None:
    assert cores() == len(os.sched_getaffinity(0))
