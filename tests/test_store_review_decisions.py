"""Decisions, demographics, document texts and assessment reads, on SQLite and PostgreSQL:
a decision needs a real choice, a real item and a reason; demographics stay in their own table;
a document's text is kept once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairsift.errors import InputError
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "1" * 64


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url, Store.open(url) as opened:
        opened.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        yield opened


def screen(store: Store, name: str, score: float | None) -> int:
    store.put_assessment(
        kind="screening",
        job_sha256=JOB,
        item_sha256=name * 64,
        source=f"cvs/{name}-resume.pdf",
        config_sha256="c" * 64,
        payload={"candidate": f"{name}.pdf", "score": score},
        provenance={"config_sha256": "c" * 64},
        score=score,
    )
    found = [r["id"] for r in store.list_assessments("screening") if r["item_sha256"] == name * 64]
    return int(found[0])


def test_assessments_are_read_by_id_and_listed_best_first(store: Store) -> None:
    low, top, none = screen(store, "a", 10.0), screen(store, "b", 90.0), screen(store, "c", None)
    row = store.assessment_by_id(top)
    assert row is not None
    assert (row["id"], row["kind"], row["job_sha256"], row["candidate"]) == (
        top,
        "screening",
        JOB,
        "b.pdf",
    )
    assert row["provenance"] == {"config_sha256": "c" * 64} and row["created_at"]
    assert store.assessment_by_id(999) is None
    assert [r["id"] for r in store.list_assessments("screening")] == [top, low, none]
    assert [r["id"] for r in store.list_assessments("screening", limit=1, offset=1)] == [low]
    assert [r["id"] for r in store.list_assessments("screening", search="B-RES")] == [top]
    assert store.list_assessments("screening", job_sha256="2" * 64) == []
    assert store.list_assessments("triage") == []


@pytest.mark.parametrize(
    ("kind", "decision", "reason", "message"),
    [
        ("application", "route", "fits", "'route' is not a decision on an application"),
        ("report", "advance", "fits", "'advance' is not a decision on a report"),
        ("application", "advance", "  \n ", "a decision needs a reason"),
        ("application", "advance", "x" * 4001, "at most 4,000"),
        ("candidate", "advance", "fits", "nothing to decide on a 'candidate'"),
    ],
)
def test_a_decision_needs_a_real_choice_and_a_reason(
    store: Store, kind: str, decision: str, reason: str, message: str
) -> None:
    item = screen(store, "a", 50.0)
    with pytest.raises(InputError, match=message):
        store.put_decision(kind, item, item, decision, reason, "ann")
    assert store.decisions_for(kind, item) == []
    assert [e["event"] for e in store.audit_entries()].count("decision") == 0


def test_a_decision_on_something_that_does_not_exist_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="no application 42"):
        store.put_decision("application", 42, None, "advance", "great", "ann")
    with pytest.raises(InputError, match="no report 42"):
        store.put_decision("report", 42, None, "close", "done", "ann")


def test_decisions_are_kept_in_order_with_who_why_and_what_they_saw(store: Store) -> None:
    item = screen(store, "a", 50.0)
    first = store.put_decision("application", item, item, "hold", "  waiting for refs ", "ann")
    second = store.put_decision("application", item, item, "advance", "refs are good", "bob")
    rows = store.decisions_for("application", item)
    assert [r["id"] for r in rows] == [first, second]
    assert [(r["decision"], r["reason"], r["actor"]) for r in rows] == [
        ("hold", "waiting for refs", "ann"),
        ("advance", "refs are good", "bob"),
    ]
    assert rows[0]["assessment_id"] == item and rows[0]["created_at"]
    entry = store.audit_entries(limit=1)[0]
    assert (entry["event"], entry["actor"], entry["subject"]) == (
        "decision",
        "bob",
        f"application:{item}",
    )
    assert entry["payload"] == {
        "decision_id": second,
        "decision": "advance",
        "reason": "refs are good",
        "assessment_id": item,
    }


def test_a_report_decision_becomes_its_status(store: Store) -> None:
    report = store.put_report({}, "help", None, "form", "public")
    store.put_decision("report", report, None, "escalate", "threat to life", "ann")
    found = store.report_by_id(report)
    assert found is not None and found["status"] == "escalate"
    store.put_decision("report", report, None, "malicious", "a campaign", "ann")
    found = store.report_by_id(report)
    assert found is not None and found["status"] == "malicious"
    assert [d["decision"] for d in store.all_decisions("report")] == ["escalate", "malicious"]


def test_all_decisions_give_the_bias_audit_what_it_needs(store: Store) -> None:
    a, b = screen(store, "a", 80.0), screen(store, "b", 30.0)
    store.put_decision("application", a, a, "advance", "strong", "ann")
    store.put_decision("application", b, None, "reject", "missing skills", "ann")
    rows = store.all_decisions("application")
    assert [(r["candidate_sha256"], r["selected"], r["score"]) for r in rows] == [
        ("a" * 64, True, 80.0),
        ("b" * 64, False, 30.0),
    ]
    assert rows[0]["item_id"] == a and rows[1]["decision"] == "reject"


def test_demographics_live_in_their_own_table_and_leave_no_trace_in_the_log(
    store: Store,
) -> None:
    store.put_demographic("a" * 64, "Female", "Asian", "candidate")
    store.put_demographic("b" * 64, None, "White", "candidate")
    store.put_demographic("a" * 64, "Female", "Two or more races", "candidate")  # replaced
    assert store.demographics() == [
        {"candidate_sha256": "a" * 64, "sex": "Female", "race_ethnicity": "Two or more races"},
        {"candidate_sha256": "b" * 64, "sex": None, "race_ethnicity": "White"},
    ]
    logged = repr(store.audit_entries())
    assert "Female" not in logged and "Asian" not in logged and "a" * 64 not in logged
    assert "demographic" not in repr(store.list_assessments("screening"))


def test_a_document_text_is_kept_once(store: Store) -> None:
    assert store.document_text("d" * 64) is None
    store.put_document_text("d" * 64, "Jane Doe, engineer", "[NAME], engineer")
    store.put_document_text("d" * 64, "changed", "changed")
    assert store.document_text("d" * 64) == ("Jane Doe, engineer", "[NAME], engineer")
