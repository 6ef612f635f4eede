"""Two processes appending at once never fork the chain, and a process killed (kill -9) in
the middle of audited writes leaves a chain that verifies and takes the next entry at once."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "1" * 64
SPAWN = multiprocessing.get_context("spawn")  # each child a fresh interpreter, as fairsift runs


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        with Store.open(url) as store:
            store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        yield url


def audited_writes(url: str, name: str, rounds: int, barrier: Barrier, queue: Any) -> None:
    try:
        with Store.open(url) as store:
            barrier.wait(timeout=60)
            for i in range(rounds):
                store.append_audit("export", name, f"job:{i}", {"i": i})
                store.add_user(f"{name}{i}", "auditor", "hash", actor=name)
                store.put_assessment(
                    kind="screening",
                    job_sha256=JOB,
                    item_sha256=f"{i:064x}",  # the same items from both: stored and audited once
                    source=f"cv{i}.pdf",
                    config_sha256="c" * 64,
                    payload={"i": i},
                    provenance={"by": name},
                )
        queue.put((name, "ok"))
    except BaseException as exc:
        queue.put((name, f"{type(exc).__name__}: {exc}"))


def decide_forever(url: str, committed: Any) -> None:
    with Store.open(url) as store:
        store.put_assessment(
            kind="screening",
            job_sha256=JOB,
            item_sha256="a" * 64,
            source="cv.pdf",
            config_sha256="c" * 64,
            payload={},
            provenance={},
        )
        for i in range(1_000_000):
            store.put_decision("application", 1, 1, "hold", f"round {i}", "ann")
            committed.value = i + 1


def append_forever(url: str, committed: Any) -> None:
    with Store.open(url) as store:
        for i in range(1_000_000):
            store.add_user(f"victim{i}", "auditor", "hash", actor="victim")
            committed.value = i + 1


def test_two_processes_appending_at_once_keep_one_chain(db_url: str) -> None:
    rounds = 60
    barrier = SPAWN.Barrier(2)
    queue = SPAWN.Queue()
    workers = [
        SPAWN.Process(target=audited_writes, args=(db_url, name, rounds, barrier, queue))
        for name in ("left", "right")
    ]
    for process in workers:
        process.start()
    results = dict(queue.get(timeout=180) for _ in workers)
    for process in workers:
        process.join(timeout=60)
    assert results == {"left": "ok", "right": "ok"}
    with Store.open(db_url) as store:
        assert store.verify_audit() == []
        entries = store.audit_entries(limit=10_000)
    # One job entry, then per process and round an export and a user; each item once.
    assert [e["id"] for e in entries] == list(range(len(entries), 0, -1))
    events = Counter(e["event"] for e in entries)
    assert events == {
        "config_change": 1,
        "export": 2 * rounds,
        "user_add": 2 * rounds,
        "assessment": rounds,
    }
    # On PostgreSQL the writers really interleave (waiters on the advisory lock are queued).
    # SQLite's write lock is not fair: a busy machine may let one writer run ahead.
    actors = [e["actor"] for e in entries if e["event"] == "export"]
    switches = sum(1 for a, b in pairwise(actors) if a != b)
    assert switches > 2 or "://" not in db_url


def test_a_process_killed_while_appending_leaves_a_chain_that_verifies(db_url: str) -> None:
    committed = SPAWN.Value("i", 0, lock=False)
    process = SPAWN.Process(target=append_forever, args=(db_url, committed))
    process.start()
    deadline = time.monotonic() + 60
    while committed.value < 30 and process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.is_alive() and process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join(timeout=30)
    reported = committed.value
    with Store.open(db_url) as store:
        assert store.verify_audit() == []
        users = store.count_users()
        # Each user and its entry commit together: as many user_add entries as users.
        assert reported <= users <= reported + 1
        added = [e for e in store.audit_entries(limit=10_000) if e["event"] == "user_add"]
        assert len(added) == users
        store.add_user("after", "admin", "hash", actor="cli")  # no lock left behind
        assert store.verify_audit() == []


def test_verify_while_another_process_decides_sees_one_consistent_state(db_url: str) -> None:
    committed = SPAWN.Value("i", 0, lock=False)
    writer = SPAWN.Process(target=decide_forever, args=(db_url, committed))
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while committed.value < 5 and writer.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        with Store.open(db_url) as store:
            checks = 0
            while checks < 15 and writer.is_alive():
                assert store.verify_audit() == []
                checks += 1
        assert checks == 15 and committed.value > 5
    finally:
        if writer.pid is not None and writer.is_alive():
            os.kill(writer.pid, signal.SIGKILL)
        writer.join(timeout=30)
