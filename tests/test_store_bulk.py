"""Bulk writes on a real SQLite file and a real PostgreSQL database: a batch run's screened
files stored in one transaction with one batch audit entry, idempotent on rerun, the same
file twice in one batch stored once, contact details kept apart and a waiting request for an
alternative process linked (and audited) as the single-row path does."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairsift.domain import Document
from fairsift.privacy.identity import Identity
from fairsift.store import Store
from fairsift.store.bulk import NewAssessment, Screened
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "1" * 64
CONFIG = "c" * 64


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url, Store.open(url) as opened:
        opened.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        yield opened


def screened(i: int, email: str | None = None) -> Screened:
    sha = f"{i:064x}"
    document = Document(
        source=f"in/cv{i}.txt", sha256=sha, size=100, media_type="text/plain",
        text=f"resume {i}", lines=(), pages=1,
    )  # fmt: skip
    row = {"sha256": sha, "score": float(i), "error": None, "requirements": []}
    who = Identity(f"Person {i}", (email,), ()) if email else None
    assessment = NewAssessment("screening", JOB, sha, document.source, CONFIG, row, {}, float(i))
    return Screened(document, document.text, f"blind {i}", who, (assessment,))


def test_screened_files_are_stored_once_with_one_batch_entry(store: Store) -> None:
    request_id, _code = store.add_alternative_request(
        "alternative", "I read with a screen reader", {"email": "p2@example.org"}
    )
    items = [screened(1), screened(2, "p2@example.org"), screened(3), screened(1)]
    ids = store.put_screened(items)
    assert ids == [1, 2, 3, None]  # the same file twice in a batch: stored once
    assert store.document_text(f"{2:064x}") == ("resume 2", "blind 2")
    assert store.candidate_contact(f"{2:064x}") == Identity("Person 2", ("p2@example.org",), ())
    entries = store.audit_records(limit=10)
    assert [e.event for e in entries[:1]] == ["batch"]
    items_written = store.audit_items(entries[0].id)
    assert [(i.event, i.subject) for i in items_written] == [
        ("alternative_request", f"alternative:{request_id}"),
        ("assessment", "assessment:1"),
        ("assessment", "assessment:2"),
        ("assessment", "assessment:3"),
    ]
    assert store.verify_audit() == []
    head = store.audit_head()
    assert store.put_screened(items) == [None, None, None, None]  # a rerun adds nothing
    assert store.audit_head() == head
    scores = [a["score"] for a in store.assessments_for_job(JOB)]
    assert scores == [3.0, 2.0, 1.0]


def test_a_bad_kind_stops_before_anything_is_written(store: Store) -> None:
    bad = NewAssessment("hiring", JOB, "a" * 64, "x", CONFIG, {}, {})
    with pytest.raises(ValueError, match="kind"):
        store.put_assessments([NewAssessment("screening", JOB, "b" * 64, "y", CONFIG, {}, {}), bad])
    assert store.assessments_for_job(JOB) == []
    assert store.verify_audit() == []
