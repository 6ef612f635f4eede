"""Crash safety: the server is killed with SIGKILL while it ingests many reports, then
restarted. Every report it answered 202 for is in the database exactly once and gets
triaged; the audit log still verifies; an audit row edited or deleted directly in the
database makes verification fail and name that row."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fairsift.service.testing import ServerProcess, seed_people, wait_for
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, tamper, temporary_database

CLIENTS = 8
BEFORE_KILL = 120  # accepted reports before the kill

pytestmark = pytest.mark.slow


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


def message(client: int, number: int) -> str:
    # Spanish, so each one goes through the translator: the worker falls behind.
    return f"Informe {client}-{number}: la calle {number} está inundada y faltan agua y comida"


def flood(url: str, token: str, accepted: dict[str, int], stop: threading.Event) -> None:
    """CLIENTS threads submit until `stop`; a report counts once its 202 has arrived."""
    lock = threading.Lock()

    def client(index: int) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
            number = 0
            while not stop.is_set():
                body = message(index, number)
                try:
                    response = http.post(
                        "/api/reports", json={"text": body, "idempotency_key": body}
                    )
                except httpx.HTTPError:
                    return  # the server is gone: this one was never answered
                if response.status_code == 202:
                    with lock:
                        accepted[body] = response.json()["report_id"]
                number += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    wait_for(lambda: len(accepted) >= BEFORE_KILL, timeout=120, every=0.01)
    stop.set()
    for thread in threads:
        thread.join(30)


def test_kill_9_mid_ingest_loses_and_duplicates_nothing(db: str, tmp_path: Path) -> None:
    token = seed_people(db)["admin"]
    server = ServerProcess(db, tmp_path / "data", tmp_path / "server.log", lease_seconds=2)
    server.start()
    accepted: dict[str, int] = {}
    stop = threading.Event()
    killer = threading.Thread(target=flood, args=(server.url, token, accepted, stop))
    killer.start()
    wait_for(lambda: len(accepted) >= BEFORE_KILL, timeout=120, every=0.01)
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as http:
        counts = http.get("/api/ingest").json()
    server.kill()  # mid-ingest: requests in flight, the worker busy
    stop.set()
    killer.join(60)
    assert counts["pending"] > 0, f"the worker was not behind at the kill: {counts}"

    restarted = ServerProcess(db, tmp_path / "data", tmp_path / "server.log", lease_seconds=2)
    restarted.start()
    try:
        with httpx.Client(
            base_url=restarted.url, headers={"Authorization": f"Bearer {token}"}
        ) as http:
            wait_for(
                lambda: (c := http.get("/api/ingest").json())["pending"] + c["running"] == 0,
                timeout=300,
                every=0.5,
            )
    finally:
        restarted.stop()

    store = Store.open(db)
    try:
        reports = store.list_reports(limit=1_000_000)
        by_text: dict[str, list[dict[str, object]]] = {}
        for report in reports:
            by_text.setdefault(str(report["text"]), []).append(report)
        for body, report_id in accepted.items():
            found = by_text.get(body, [])
            assert len(found) == 1, f"{body!r} stored {len(found)} times"
            assert found[0]["id"] == report_id
            assert found[0]["assessment"] is not None, f"report {report_id} never triaged"
        assert all(len(found) == 1 for found in by_text.values())
        counts = store.queue_counts()
        assert counts["failed"] == 0 and counts["done"] == len(reports)
        assert store.verify_audit() == []
        entries = store.audit_entries(limit=10)
    finally:
        store.close()

    # Someone with the keys to the database edits one entry, then deletes another (lifting
    # the append-only triggers to do it): verify names each.
    victim = entries[-1]["id"]
    tamper(db, f"UPDATE audit_log SET actor = 'mallory' WHERE id = {victim}")
    with Store.open(db) as store:
        assert {p.entry_id for p in store.verify_audit()} == {victim}
    tamper(db, f"DELETE FROM audit_log WHERE id = {victim + 1}")
    with Store.open(db) as store:
        named = {p.entry_id for p in store.verify_audit()}
    assert {victim, victim + 1} <= named
