"""The application queue paged in the database (fairsift.store.queues) gives, page for page,
what the queue gives reading every row in Python: ranks within each job, candidates kept out
of the AI's ranking after the ranked ones, the latest decision, every order and filter that
the database pages. On a real SQLite file and on PostgreSQL."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairsift.review.queue import ApplicationFilter, application_page, application_page_read_whole
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOBS = [hashlib.sha256(f"job {n}".encode()).hexdigest() for n in range(3)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url, Store.open(url) as opened:
        _fill(opened)
        yield opened


def _sha(n: int) -> str:
    return hashlib.sha256(f"candidate {n}".encode()).hexdigest()


def _fill(store: Store) -> None:
    for n, job in enumerate(JOBS):
        store.put_job(sha256=job, source=f"job{n}.md", title=f"Job {n}", requirements=[])
    ids = []
    for n in range(60):
        job = JOBS[n % 3]
        score = None if n % 11 == 0 else round((n * 37 % 100) / 100, 2)  # ties on purpose
        statuses = ["met", "partial", "missing", "met"][: n % 5]
        payload = {
            "candidate": f"/uploads/{_sha(n)[:8]}/Candidate {n:02d}.pdf",
            "sha256": _sha(n),
            "score": score,
            "error": None,
            "requirements": [{"status": s} for s in statuses],
            "findings": [{"kind": k} for k in ["gap", "injection"][: n % 3]],
        }
        stored = store.put_assessment(
            kind="screening", job_sha256=job, item_sha256=_sha(n), source=payload["candidate"],
            config_sha256="c" * 64, payload=payload, provenance={}, score=score,
        )  # fmt: skip
        assert stored["sha256"] == _sha(n)
        ids.append(n)
    found = store.list_assessments("screening", limit=1000)
    by_sha = {row["sha256"]: int(row["id"]) for row in found}
    for n in (1, 4, 9, 20, 33):  # decided, some twice: the last one counts
        item = by_sha[_sha(n)]
        store.put_decision("application", item, item, "hold", "first look", "ana")
        if n % 2:
            store.put_decision("application", item, item, "advance", "second look", "ana")
    for n, job in ((5, None), (7, JOBS[1]), (8, JOBS[0])):  # (8, job 0): another job's
        store.add_alternative_request(
            "alternative", "assess me without AI", {"email": f"c{n}@example.org"}, job, _sha(n)
        )


FILTERS = [
    ApplicationFilter(),
    ApplicationFilter(limit=7, offset=5),
    ApplicationFilter(limit=10, offset=50),
    ApplicationFilter(job=JOBS[1]),
    ApplicationFilter(job=JOBS[2], limit=4, offset=4),
    ApplicationFilter(decision="none"),
    ApplicationFilter(decision="advance"),
    ApplicationFilter(decision="hold", job=JOBS[1]),
    ApplicationFilter(sort="decision", limit=15),
    ApplicationFilter(sort="newest", limit=15, offset=3),
    ApplicationFilter(sort="rank", job=JOBS[0]),
]


def _name(row: dict[str, Any]) -> str:
    return Path(str(row.get("candidate") or "")).name


@pytest.mark.parametrize("jobs", [None, {JOBS[0], JOBS[2]}])
@pytest.mark.parametrize("order", [(), (JOBS[2], JOBS[0], JOBS[1])])
def test_the_database_pages_as_the_whole_queue_does(
    store: Store, jobs: set[str] | None, order: tuple[str, ...]
) -> None:
    for want in FILTERS:
        got = application_page(store, want, jobs, order, shown=_name, sources=True)
        expected = application_page_read_whole(store, want, jobs, order, _name, True)
        assert got == expected, want
    everything, total = application_page(store, ApplicationFilter(limit=1000), None, order)
    assert total == 60
    withheld = [r for r in everything if r["withheld"]]
    assert {r["sha256"] for r in withheld} == {_sha(5), _sha(7)}  # 8 asked for another job
    assert all(r["rank"] is None and r["score"] is None for r in withheld)
    ranks = [r["rank"] for r in everything if r["job_sha256"] == JOBS[1] and r["rank"]]
    assert ranks == list(range(1, len(ranks) + 1))
    advanced = application_page(store, ApplicationFilter(decision="advance"), None)[0]
    assert {r["sha256"] for r in advanced} == {_sha(1), _sha(9), _sha(33)}
