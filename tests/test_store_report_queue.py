"""The report queue read from its columns (migration 0019), on a real SQLite file and on
PostgreSQL: every page, filter and order gives what the queue gave when it loaded whole
triage rows and paged in Python (the reference below is that code), and a store filled
before 0019 gives the same after the migration fills the columns."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from fairsift.language.names import language_code, language_name
from fairsift.review.queue import ReportFilter, report_page
from fairsift.store import Store
from fairsift.store.migrate import alembic_config
from fairsift.store.reports import TriagedReport
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database
from fairsift.triage.pipeline import reviewer_view

LEVELS = ["critical", "high", "normal", "low"]
CATEGORIES = [["Medical help"], ["water", "Shelter"], [], ["medical_help", "food|aid"]]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


def _row(n: int) -> dict[str, Any]:
    row: dict[str, Any] = {
        "language": ["en", "es", "ht", "fr"][n % 4],
        "text": f"  report   number {n}\nwith  spaces " + "long " * (n % 3) * 40,
        "urgency": {"level": LEVELS[n % 4], "reason": f"reason {n}"},
        "categories": [{"name": c, "score": 0.5} for c in CATEGORIES[n % 4]],
        "findings": [{"kind": k, "detail": "x"} for k in (["pii", "duplicate", "pii"][: n % 4])],
        "campaign": {"size": 5} if n % 5 == 0 else None,
        "duplicate_group": f"g{n % 3}" if n % 2 else None,
        "duplicate_of": str(n - 1) if n % 4 == 1 else None,
    }
    if n % 3 == 0:
        row["text_en"] = f"English text of {n}"
    if n % 7 == 6:
        row["urgency"] = "high"  # an older row shape: a bare level
    return row


def _fill(store: Store) -> None:
    items = [
        TriagedReport({"received_at": f"2026-11-{1 + n % 28:02d}T10:00:00Z"}, f"text {n}",
                      None, "test", _row(n))
        for n in range(40)
    ]  # fmt: skip
    store.put_triaged_reports(items, "test")
    for n in range(5):  # not triaged: previewed from the text, with its PII masked
        store.put_report(
            {}, f"Call Maria Lopez at +1 555 010 00{n}, water rising", None, "web", "t"
        )
    for report_id in (3, 7, 11):
        store.assign_report(report_id, "user:ana", "test")
    for report_id in (4, 9):
        store.set_report_status(report_id, "close", "test")


def _reference(store: Store, want: ReportFilter) -> tuple[list[dict[str, Any]], int]:
    """The queue as it was computed before 0019: whole rows, filtered and paged in Python."""
    rows = store.list_reports(
        order=want.order,
        language=language_code(want.language) if want.language else None,
        category=want.category or None,
        urgency=want.urgency or None,
        status=None if want.status == "open" else want.status or None,
        search=want.search or None,
        limit=10_000_000,
        offset=0,
    )
    if want.status == "open":
        rows = [r for r in rows if r["status"] in ("new", "triaged", "in_progress", "escalate")]
    if want.assignee == "none":
        rows = [r for r in rows if not r.get("assignee")]
    elif want.assignee:
        rows = [r for r in rows if r.get("assignee") == want.assignee]
    out = []
    for row in rows[want.offset : want.offset + want.limit]:
        assessment = row.get("assessment") or {}
        urgency = assessment.get("urgency")
        urgency = urgency if isinstance(urgency, dict) else {}
        text_shown = (
            assessment.get("text_en")
            or assessment.get("text")
            or reviewer_view(str(row.get("text") or ""))[0]
        )
        flat = " ".join(text_shown.split())
        out.append(
            {
                "id": int(row["id"]),
                "status": row.get("status"),
                "created_at": row.get("created_at"),
                "received_at": row.get("received_at") or row.get("created_at"),
                "assignee": row.get("assignee"),
                "source": row.get("source"),
                "language": assessment.get("language"),
                "language_name": language_name(str(assessment.get("language") or "")),
                "urgency": urgency.get("level"),
                "urgency_reason": urgency.get("reason"),
                "categories": [c.get("name") for c in assessment.get("categories") or []],
                "campaign": assessment.get("campaign") is not None,
                "duplicate_of": assessment.get("duplicate_of"),
                "duplicate_group": assessment.get("duplicate_group"),
                "findings": sorted({f.get("kind", "") for f in assessment.get("findings") or []}),
                "triaged": bool(assessment),
                "preview": flat if len(flat) <= 160 else flat[:159] + "…",
            }
        )
    return out, len(rows)


FILTERS = [
    ReportFilter(),
    ReportFilter(limit=7, offset=0),
    ReportFilter(limit=7, offset=35),
    ReportFilter(order="-age", limit=10, offset=3),
    ReportFilter(order="age"),
    ReportFilter(category="Medical Help"),
    ReportFilter(category="medical-help", limit=3, offset=2),
    ReportFilter(category="food|aid"),
    ReportFilter(urgency="critical"),
    ReportFilter(language="Spanish"),
    ReportFilter(search="number 1"),
    ReportFilter(assignee="user:ana"),
    ReportFilter(assignee="none", limit=5, offset=30),
    ReportFilter(status="new"),
    ReportFilter(status="open", limit=9, offset=4),
]


def _pages(store: Store) -> list[tuple[list[dict[str, Any]], int]]:
    return [report_page(store, want) for want in FILTERS]


def test_the_queue_from_columns_is_the_queue_from_rows(db_url: str) -> None:
    with Store.open(db_url) as store:
        _fill(store)
        for want in FILTERS:
            got, total = report_page(store, want)
            expected, expected_total = _reference(store, want)
            assert total == expected_total, want
            assert got == expected, want
        assert report_page(store, ReportFilter(category="Medical help"))[1] == 20
        assert report_page(store, ReportFilter(category="food|aid"))[1] == 10


def _alerts_reference(store: Store, limit: int) -> dict[str, Any]:
    """The alerts as the service computed them before: whole rows, sorted in Python."""
    raised: list[dict[str, Any]] = []
    held: list[dict[str, Any]] = []
    for level in ("critical", "high"):
        for status in ("new", "triaged"):
            for row in store.list_reports(urgency=level, status=status, limit=1000):
                if row.get("assignee"):
                    continue
                found = row.get("assessment") or {}
                entry = {"id": int(row["id"]), "urgency": level,
                         "received_at": row.get("received_at") or row["created_at"]}  # fmt: skip
                (held if found.get("campaign") else raised).append(entry)
    raised.sort(key=lambda e: (e["urgency"] != "critical", e["received_at"], e["id"]))
    held.sort(key=lambda e: (e["received_at"], e["id"]))
    return {"raised": raised[:limit], "raised_total": len(raised), "held": held[:limit],
            "held_total": len(held)}  # fmt: skip


def test_alerts_are_read_and_counted_in_the_database(db_url: str) -> None:
    with Store.open(db_url) as store:
        _fill(store)
        store.regroup_report(2, {"campaign": {"size": 6}})  # flagged after the fact
        store.regroup_report(6, {"urgency": {"level": "critical", "reason": "resent copy"}})
        for limit in (20, 3):
            got = store.urgent_unassigned(limit)
            assert got == _alerts_reference(store, limit), limit
        assert got["raised_total"] > 3 and got["held_total"] >= 2
        assert {e["urgency"] for e in got["raised"]} <= {"critical", "high"}


def test_a_store_from_before_0019_lists_the_same_after_it(db_url: str) -> None:
    with Store.open(db_url) as store:
        _fill(store)
        store.regroup_report(2, {"duplicate_group": "late", "urgency": {"level": "critical"}})
        before = _pages(store)
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.begin() as conn:
        config = alembic_config(conn)
        before_0019 = ScriptDirectory.from_config(config).get_revision("0019").down_revision
        command.downgrade(config, str(before_0019))  # as stored before: no columns
    with engine.begin() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("report_assessments")}
        assert "preview" not in columns and "row" in columns
    engine.dispose()
    with Store.open(db_url) as store:  # opening migrates to head, filling the columns
        after = _pages(store)
        assert store.schema_differences() == []
    assert after == before
    assert before[0][0][0]["urgency"] == "critical"
