"""Several processes on one store: no duplicates, no errors, and a process killed (kill -9)
or interrupted (Ctrl-C) mid-batch loses nothing it committed and leaves nothing half-written."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from fairsift.store import Store
from fairsift.store.models import Assessment
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "1" * 64
CONFIG = "c" * 64
# spawn: each child imports everything afresh, as a separate fairsift process would.
SPAWN = multiprocessing.get_context("spawn")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


def payload_for(i: int) -> dict[str, Any]:
    return {"candidate": f"cv{i}.pdf", "score": float(i % 100), "matches": ["x" * 200] * 20}


def put(store: Store, i: int, worker: str) -> dict[str, Any]:
    return store.put_assessment(
        kind="screening",
        job_sha256=JOB,
        item_sha256=f"{i:064x}",
        source=f"cv{i}.pdf",
        config_sha256=CONFIG,
        payload={**payload_for(i), "worker": worker},
        provenance={"worker": worker},
        score=float(i % 100),
    )


def write_overlapping(url: str, worker: str, items: int, barrier: Barrier, queue: Any) -> None:
    try:
        barrier.wait(timeout=60)  # open together: both may find a new, unmigrated database
        with Store.open(url) as store:
            store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
            for i in range(items):
                put(store, i, worker)
        queue.put((worker, "ok"))
    except BaseException as exc:
        queue.put((worker, f"{type(exc).__name__}: {exc}"))


def write_forever(url: str, committed: Any) -> None:
    with Store.open(url) as store:
        store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        for i in range(1_000_000):
            put(store, i, "victim")
            committed.value = i + 1


def stored_items(url: str) -> list[dict[str, Any]]:
    with Store.open(url) as store, store.read() as session:
        rows = session.execute(select(Assessment.payload).order_by(Assessment.id)).scalars()
        return [dict(row) for row in rows]


def test_two_processes_writing_the_same_items_store_each_once(db_url: str) -> None:
    items = 150
    barrier = SPAWN.Barrier(2)
    queue = SPAWN.Queue()
    workers = [
        SPAWN.Process(target=write_overlapping, args=(db_url, name, items, barrier, queue))
        for name in ("left", "right")
    ]
    for process in workers:
        process.start()
    results = dict(queue.get(timeout=120) for _ in workers)
    for process in workers:
        process.join(timeout=60)
    assert results == {"left": "ok", "right": "ok"}
    stored = stored_items(db_url)
    assert len(stored) == items
    assert sorted(row["candidate"] for row in stored) == sorted(f"cv{i}.pdf" for i in range(items))
    with Store.open(db_url) as store, store.read() as session:
        keys = session.execute(
            select(func.count(func.distinct(Assessment.item_sha256)))
        ).scalar_one()
    assert keys == items


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_process_stopped_mid_batch_keeps_what_it_committed(
    db_url: str, how: signal.Signals
) -> None:
    # No lock: a writer killed while holding it would leave the parent waiting forever.
    committed = SPAWN.Value("i", 0, lock=False)
    process = SPAWN.Process(target=write_forever, args=(db_url, committed))
    process.start()
    deadline = time.monotonic() + 60
    while committed.value < 40 and process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.is_alive(), "the writer died before it was stopped"
    assert process.pid is not None
    os.kill(process.pid, how)
    process.join(timeout=30)
    assert process.exitcode is not None and process.exitcode != 0
    reported = committed.value

    stored = stored_items(db_url)
    # Everything reported committed survived; at most the one in flight got in besides.
    assert reported <= len(stored) <= reported + 1
    # Nothing half-written: the rows are exactly the first N items, each whole.
    assert [row["candidate"] for row in stored] == [f"cv{i}.pdf" for i in range(len(stored))]
    assert all(row == {**payload_for(i), "worker": "victim"} for i, row in enumerate(stored))
    if "://" not in db_url:
        conn = sqlite3.connect(db_url)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    # And the store takes writes again at once: no lock left behind.
    with Store.open(db_url) as store:
        assert put(store, len(stored), "after")["worker"] == "after"


def connection_owner(store: Store, mark: bool) -> int | None:
    """The pid that first used the pooled connection this store hands out now."""
    with store.read() as session:
        info = session.connection().connection.info
        if mark:
            info.setdefault("owner", os.getpid())
        return info.get("owner")


def test_a_forked_child_opens_its_own_connections(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        put(store, 0, "parent")
        assert connection_owner(store, mark=True) == os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: report through the exit code, never return into pytest
            code = 1
            try:
                if connection_owner(store, mark=False) is not None:
                    code = 3  # reused the parent's connection
                else:
                    put(store, 1, "child")
                    found = store.find_assessment("screening", JOB, f"{1:064x}", CONFIG)
                    code = 0 if found and found["worker"] == "child" else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert connection_owner(store, mark=False) == os.getpid()  # the parent's is untouched
        put(store, 2, "parent")
    assert [row["worker"] for row in stored_items(db_url)] == ["parent", "child", "parent"]
