"""Verification also holds the records to their entries: a decision or an assessment edited,
deleted or slipped in straight in its own table is named, with the entry that recorded it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairsift.audit.log import audit_verify
from fairsift.store import Store
from fairsift.store.audit import Problem
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, tamper, temporary_database

JOB = "1" * 64


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store with one screened application decided on, and one triaged report."""
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        with Store.open(url) as store:
            store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])  # 1
            store.put_assessment(  # entry 2
                kind="screening",
                job_sha256=JOB,
                item_sha256="a" * 64,
                source="cv.pdf",
                config_sha256="c" * 64,
                payload={"candidate": "cv.pdf", "score": 41.5},
                provenance={"models": {"use": "0.2.1"}},
                score=41.5,
            )
            store.put_decision("application", 1, 1, "reject", "no Python", "ann")  # entry 3
            report = store.put_report({}, "fuego", None, "form", "public")  # entry 4
            store.put_report_assessment(report, {"language": "es"}, {"m": "1"})  # entry 5
            assert store.verify_audit() == []
        yield url


def problems(url: str) -> list[Problem]:
    with Store.open(url) as store:
        return store.verify_audit()


def test_a_decision_edited_in_its_table_is_named(db_url: str) -> None:
    tamper(db_url, "UPDATE decisions SET decision = 'advance' WHERE id = 1")
    assert problems(db_url) == [
        Problem(3, "decision 1 was changed after it was recorded here (decision differs)")
    ]
    tamper(db_url, "UPDATE decisions SET reason = 'great fit', actor = 'bob' WHERE id = 1")
    assert problems(db_url)[0].what.endswith("(decision, reason, who differ)")
    ok, lines = audit_verify(db_url)
    assert not ok and lines[1].startswith("entry 3: decision 1 was changed")
    with Store.open(db_url) as store:
        assert store.verify_audit(records=False) == []  # the chain alone is intact


def test_a_decision_deleted_or_slipped_in_is_named(db_url: str) -> None:
    tamper(
        db_url,
        "DELETE FROM decisions WHERE id = 1",
        "INSERT INTO decisions (id, kind, item_id, assessment_id, decision, reason, actor, "
        "created_at) VALUES (2, 'application', 1, 1, 'advance', 'ok', 'bob', "
        "'2026-01-01 00:00:00+00:00')",
    )
    assert problems(db_url) == [
        Problem(0, "decision 2 has no audit entry: inserted without a record"),
        Problem(3, "decision 1 recorded here is gone: deleted"),
    ]


def test_an_assessment_edited_in_its_table_is_named(db_url: str) -> None:
    tamper(db_url, "UPDATE assessments SET score = 95.0 WHERE id = 1")
    assert problems(db_url) == [
        Problem(2, "assessment 1 was changed after it was recorded here (score differs)")
    ]


def test_an_assessments_payload_edited_in_its_table_is_named(db_url: str) -> None:
    tamper(
        db_url,
        'UPDATE assessments SET payload = \'{"candidate": "cv.pdf", "score": 95.0}\' WHERE id = 1',
    )
    assert problems(db_url) == [
        Problem(2, "assessment 1 was changed after it was recorded here (payload differs)")
    ]


def test_a_report_triage_edited_or_deleted_is_named(db_url: str) -> None:
    tamper(db_url, 'UPDATE report_assessments SET row = \'{"language": "en"}\' WHERE id = 1')
    assert problems(db_url) == [
        Problem(5, "report assessment 1 was changed after it was recorded here (triage differs)")
    ]
    tamper(db_url, "DELETE FROM report_assessments WHERE id = 1")
    assert problems(db_url) == [Problem(5, "report assessment 1 recorded here is gone: deleted")]
