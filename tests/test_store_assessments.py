"""Writing and reading results: idempotent assessments, upserted documents and jobs,
portable JSON and UTC timestamps, and a write that is interrupted leaves nothing behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from fairsift.domain import Document, Finding, Line, Requirement
from fairsift.store import Store
from fairsift.store.models import Assessment, Job
from fairsift.store.models import Document as DocumentRow
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "1" * 64
CONFIG = "c" * 64


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url, Store.open(url) as opened:
        opened.put_job(sha256=JOB, source="jobs/data.md", title="Data engineer", requirements=[])
        yield opened


def put(store: Store, item: str, score: float | None, **extra: Any) -> dict[str, Any]:
    payload = {"candidate": f"{item}.pdf", "score": score, "error": None, **extra}
    return store.put_assessment(
        kind="screening",
        job_sha256=JOB,
        item_sha256=item * 64,
        source=f"{item}.pdf",
        config_sha256=extra.get("config", CONFIG),
        payload=payload,
        provenance={"config_sha256": CONFIG, "models": {"m": "1.0"}},
        score=score,
    )


def count(store: Store, model: type[Assessment] | type[Job] | type[DocumentRow]) -> int:
    with store.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_put_assessment_is_idempotent_and_returns_what_was_stored_first(store: Store) -> None:
    first = put(store, "a", 80.0, note="first")
    again = put(store, "a", 10.0, note="second")
    assert again == first
    assert again["note"] == "first"
    assert count(store, Assessment) == 1
    assert store.find_assessment("screening", JOB, "a" * 64, CONFIG) == first


def test_find_assessment_misses_on_any_part_of_the_key(store: Store) -> None:
    put(store, "a", 80.0)
    assert store.find_assessment("screening", JOB, "b" * 64, CONFIG) is None
    assert store.find_assessment("screening", JOB, "a" * 64, "d" * 64) is None
    assert store.find_assessment("triage", JOB, "a" * 64, CONFIG) is None
    assert store.find_assessment("screening", None, "a" * 64, CONFIG) is None


def test_a_new_configuration_is_a_new_assessment(store: Store) -> None:
    put(store, "a", 80.0)
    put(store, "a", 60.0, config="d" * 64)
    assert count(store, Assessment) == 2
    assert [p["score"] for p in store.assessments_for_job(JOB, CONFIG)] == [80.0]
    assert [p["score"] for p in store.assessments_for_job(JOB)] == [80.0, 60.0]


def test_assessments_without_a_job_are_idempotent_too(store: Store) -> None:
    # NULL job_sha256: a plain UNIQUE constraint would let duplicates in; the partial index not.
    for text in ("first", "second"):
        stored = store.put_assessment(
            kind="triage",
            job_sha256=None,
            item_sha256="r" * 64,
            source="reports.csv#12",
            config_sha256=CONFIG,
            payload={"id": "12", "text": text},
            provenance={},
        )
        assert stored["text"] == "first"
    assert count(store, Assessment) == 1
    assert store.find_assessment("triage", None, "r" * 64, CONFIG) == {"id": "12", "text": "first"}


def test_assessments_for_job_ranks_best_first_and_failures_last(store: Store) -> None:
    put(store, "b", 55.5)
    put(store, "e", None, error="Corrupt PDF")
    put(store, "a", 91.0)
    put(store, "c", 55.5)
    order = [p["candidate"] for p in store.assessments_for_job(JOB)]
    assert order == ["a.pdf", "b.pdf", "c.pdf", "e.pdf"]
    assert store.assessments_for_job("f" * 64) == []


def test_payload_json_round_trips_exactly(store: Store) -> None:
    payload = {
        "zeta": 1,
        "alpha": [0.1 + 0.2, 1e-300, -0.0, 12345678901234567890],
        "nested": {"b": None, "a": True, "quote": 'He said "ok" — naïve ✓'},
    }
    stored = store.put_assessment(
        kind="screening",
        job_sha256=JOB,
        item_sha256="a" * 64,
        source="a.pdf",
        config_sha256=CONFIG,
        payload=payload,
        provenance={"x": 1},
    )
    for got in (stored, store.find_assessment("screening", JOB, "a" * 64, CONFIG)):
        assert got == payload
        assert list(got) == ["zeta", "alpha", "nested"]  # key order kept (JSON, not JSONB)
        assert list(got["nested"]) == ["b", "a", "quote"]


def test_unknown_kind_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        store.put_assessment(
            kind="ranking",  # type: ignore[arg-type]
            job_sha256=JOB,
            item_sha256="a" * 64,
            source="a.pdf",
            config_sha256=CONFIG,
            payload={},
            provenance={},
        )


def test_an_assessment_needs_its_job_recorded_first(store: Store) -> None:
    with pytest.raises(IntegrityError):
        store.put_assessment(
            kind="screening",
            job_sha256="9" * 64,
            item_sha256="a" * 64,
            source="a.pdf",
            config_sha256=CONFIG,
            payload={},
            provenance={},
        )
    assert count(store, Assessment) == 0


def make_document(findings: tuple[Finding, ...]) -> Document:
    text = "Jane Doe\nPython, SQL"
    return Document(
        source="/in/cvs/jane.pdf",
        sha256="d" * 64,
        size=2048,
        media_type="application/pdf",
        text=text,
        lines=(Line(1, 0, 8), Line(1, 9, len(text))),
        pages=1,
        findings=findings,
    )


def test_put_document_records_metadata_and_latest_findings(store: Store) -> None:
    store.put_document(make_document(()))
    hidden = Finding("hidden_text", "white text on white", page=1)
    store.put_document(make_document((hidden,)))
    with store.read() as session:
        rows = session.execute(select(DocumentRow)).scalars().all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.name, row.media_type, row.size, row.pages) == (
        "jane.pdf",
        "application/pdf",
        2048,
        1,
    )
    assert row.findings == [{"kind": "hidden_text", "detail": "white text on white", "page": 1}]
    assert row.created_at.tzinfo is not None
    assert row.created_at.utcoffset() == UTC.utcoffset(None)


def test_put_job_accepts_requirements_and_updates_them(store: Store) -> None:
    store.put_job(
        sha256=JOB,
        source="jobs/data.md",
        title="Senior data engineer",
        requirements=[Requirement("5+ years of Python", kind="experience", years=5.0)],
    )
    with store.read() as session:
        jobs = session.execute(select(Job)).scalars().all()
    assert len(jobs) == 1
    assert jobs[0].title == "Senior data engineer"
    assert jobs[0].requirements[0]["text"] == "5+ years of Python"
    assert jobs[0].requirements[0]["years"] == 5.0


def test_created_at_is_timezone_aware_utc(store: Store) -> None:
    put(store, "a", 50.0)
    with store.read() as session:
        created = session.execute(select(Assessment.created_at)).scalar_one()
    assert created.tzinfo is not None and created.utcoffset() == UTC.utcoffset(None)


def test_an_interrupted_write_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(KeyboardInterrupt), store.write() as session:
        session.add(
            Assessment(
                kind="screening",
                job_sha256=JOB,
                item_sha256="a" * 64,
                source="a.pdf",
                config_sha256=CONFIG,
                payload={},
                provenance={},
            )
        )
        session.flush()  # the row is in the database's transaction now
        raise KeyboardInterrupt  # Ctrl-C before the commit
    assert count(store, Assessment) == 0
    put(store, "a", 1.0)  # and the store still works: no lock left behind
    assert count(store, Assessment) == 1
