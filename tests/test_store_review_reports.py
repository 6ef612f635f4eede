"""Reports in the store, on SQLite and PostgreSQL: idempotent submission, the reporter's
contact kept apart, triage once, the queue by urgency then age with filters, and receipts
that let a reporter add information without saying who they are."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from fairsift.errors import InputError
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


def triage(language: str, urgency: str, *categories: str) -> dict[str, Any]:
    return {
        "language": language,
        "urgency": {"level": urgency, "reason": "cue"},
        "categories": [{"name": name, "confidence": 0.9} for name in categories],
        "text_en": "english",
    }


def test_a_report_resubmitted_lands_on_the_same_row(store: Store) -> None:
    first = store.put_report({"channel": "sms"}, "agua contaminada", None, "form", "public")
    again = store.put_report({"channel": "sms"}, "agua contaminada", None, "form", "public")
    elsewhere = store.put_report({}, "agua contaminada", None, "api", "robot")
    keyed = store.put_report({"idempotency_key": "k1"}, "one", None, "api", "robot")
    retried = store.put_report({"idempotency_key": "k1"}, "one, edited", None, "api", "robot")
    assert again == first and elsewhere != first and retried == keyed
    report = store.report_by_id(keyed)
    assert report is not None and report["text"] == "one" and report["fields"] == {}
    submitted = [e for e in store.audit_entries() if e["event"] == "report_submitted"]
    assert len(submitted) == 3


def test_the_contact_is_kept_apart_from_everything_reviewers_read(
    db_url: str, store: Store
) -> None:
    contact = {"email": "reporter@example.org", "phone": "+1 555 0100"}
    report_id = store.put_report({"channel": "web"}, "help", contact, "form", "public")
    store.put_report_assessment(report_id, triage("en", "high", "water"), {"m": "1"})
    shown = [store.report_by_id(report_id), *store.list_reports()]
    assert "reporter@example.org" not in repr(shown) and "555 0100" not in repr(shown)
    assert "reporter@example.org" not in repr(store.audit_entries())
    assert store.reporter_contact(report_id) == contact
    assert store.reporter_contact(report_id + 1) is None
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.connect() as conn:
        columns = conn.execute(text("SELECT * FROM reports")).keys()
        kept = conn.execute(text("SELECT contact FROM reporter_contacts")).scalar_one()
    engine.dispose()
    assert not any("contact" in column for column in columns)
    assert "reporter@example.org" in str(kept)


def test_triage_is_stored_once_and_moves_the_report_up_the_queue(store: Store) -> None:
    report_id = store.put_report({}, "fire", None, "form", "public")
    first = store.put_report_assessment(report_id, triage("en", "critical", "fire"), {"v": 1})
    again = store.put_report_assessment(report_id, triage("en", "low"), {"v": 2})
    assert again == first
    report = store.report_by_id(report_id)
    assert report is not None
    assert report["status"] == "triaged" and report["assessment_id"] == first
    assert report["assessment"]["urgency"]["level"] == "critical"
    entries = [e for e in store.audit_entries() if e["event"] == "assessment"]
    assert len(entries) == 1 and entries[0]["payload"]["provenance"] == {"v": 1}
    with pytest.raises(InputError, match="report 99 is not in the store"):
        store.put_report_assessment(99, triage("en", "low"), {})


def test_the_queue_is_by_urgency_then_age_with_untriaged_last(store: Store) -> None:
    ids = {}
    for name, level in [("a", "low"), ("b", "critical"), ("c", None), ("d", "critical")]:
        ids[name] = store.put_report({}, f"report {name}", None, "form", "public")
        if level:
            store.put_report_assessment(ids[name], triage("es", level), {})
        time.sleep(0.002)  # distinct ages on every backend
    order = [row["id"] for row in store.list_reports()]
    assert order == [ids["b"], ids["d"], ids["a"], ids["c"]]
    assert [row["id"] for row in store.list_reports(order="age")] == [ids[n] for n in "abcd"]
    assert [row["id"] for row in store.list_reports(order="-age")] == [ids[n] for n in "dcba"]
    assert [row["id"] for row in store.list_reports(limit=2, offset=1)] == [ids["d"], ids["a"]]
    with pytest.raises(ValueError, match="order must be one of"):
        store.list_reports(order="random")


def test_filters_narrow_the_queue(store: Store) -> None:
    water = store.put_report({}, "Agua sucia en el pozo", None, "form", "p")
    store.put_report_assessment(water, triage("es", "high", "water", "health"), {})
    fire = store.put_report({}, "Feu dans l'école", None, "form", "p")
    store.put_report_assessment(fire, triage("fr", "critical", "fire"), {})
    fresh = store.put_report({}, "100% sure: water_tank broke", None, "form", "p")
    store.put_decision("report", fire, None, "close", "handled by the fire service", "ann")

    def ids(**filters: Any) -> list[int]:
        return [row["id"] for row in store.list_reports(**filters)]

    assert ids(language="es") == [water]
    assert ids(category="health") == [water]
    assert ids(category="water", limit=1, offset=1) == []
    assert ids(urgency="critical") == [fire]
    assert ids(status="new") == [fresh]
    assert ids(status="close") == [fire]
    assert ids(search="AGUA") == [water]
    assert ids(search="100%") == [fresh]  # LIKE wildcards are matched literally
    assert ids(search="r_tank") == [fresh]
    assert ids(search="a_s") == []  # "_" is no wildcard: "Agua sucia" does not match


def test_a_receipt_finds_the_report_and_adds_to_it_anonymously(db_url: str, store: Store) -> None:
    report_id = store.put_report({}, "first account", {"email": "a@b.c"}, "form", "public")
    code = store.create_receipt(report_id)
    assert re.fullmatch(r"[A-Z2-7]{5}(-[A-Z2-7]{5}){3}", code)
    assert store.create_receipt(report_id) != code
    assert store.report_for_receipt(code) == report_id
    assert store.report_for_receipt(code.lower().replace("-", " ")) == report_id
    assert store.report_for_receipt(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert store.report_for_receipt("") is None
    addition = store.add_to_report(code, "the well is behind the school")
    report = store.report_by_id(report_id)
    assert report is not None
    assert [a["id"] for a in report["additions"]] == [addition]
    assert report["additions"][0]["text"] == "the well is behind the school"
    entry = store.audit_entries(limit=1)[0]
    assert (entry["event"], entry["actor"], entry["subject"]) == (
        "receipt_addition",
        "reporter",
        f"report:{report_id}",
    )
    assert "well" not in repr(entry)
    with pytest.raises(InputError, match="no report has this receipt code"):
        store.add_to_report("AAAAA-AAAAA-AAAAA-AAAAA", "spam")
    with pytest.raises(InputError, match="report 99"):
        store.create_receipt(99)
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT sha256 FROM receipts")).scalars().all()
    engine.dispose()
    assert len(kept) == 2 and code not in kept and code.replace("-", "") not in kept


def test_a_batch_of_triaged_reports_is_stored_in_one_go(store: Store) -> None:
    from fairsift.store.reports import TriagedReport

    items = [
        TriagedReport(
            {"idempotency_key": "input:a", "id": "a"},
            "Trapped under rubble",
            {"reporter_phone": "555-0101"},
            "cli",
            {**triage("en", "critical", "search_and_rescue"), "provenance": {"config": "x"}},
        ),
        TriagedReport(
            {"idempotency_key": "input:b", "id": "b"},
            "Nou bezwen dlo",
            None,
            "cli",
            triage("ht", "high", "water"),
        ),
    ]
    first = store.put_triaged_reports(items, actor="cli")
    assert store.put_triaged_reports(items, actor="cli") == first  # a rerun adds nothing
    assert [r["id"] for r in store.list_reports()] == first
    top = store.report_by_id(first[0])
    assert top is not None and top["status"] == "triaged"
    assert top["assessment"]["urgency"]["level"] == "critical"
    assert store.reporter_contact(first[0]) == {"reporter_phone": "555-0101"}
    assert store.reporter_contact(first[1]) is None
    found = store.triaged_by_key(["input:a", "input:b", "input:c"])
    assert sorted(found) == ["input:a", "input:b"]
    assert store.verify_audit() == []


def test_a_regrouped_triage_still_verifies_and_a_quiet_edit_does_not(
    db_url: str, store: Store
) -> None:
    report = store.put_report({}, "copy of an urgent report", None, "form", "public")
    store.put_report_assessment(report, triage("en", "normal", "water"), {"model": "m"})
    assert store.regroup_report(report, {"urgency": {"level": "critical", "reason": "group"}})
    assert store.verify_audit() == []  # the regrouping is its own audited entry
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    value = "CAST(:row AS JSON)" if engine.dialect.name == "postgresql" else ":row"
    with engine.begin() as connection:  # an edit that bypasses the store: no entry for it
        connection.execute(
            text(f'UPDATE report_assessments SET "row" = {value} WHERE report_id = :id'),
            {"row": '{"urgency": {"level": "low"}}', "id": report},
        )
    engine.dispose()
    problems = store.verify_audit()
    assert any("triage differs" in p.what for p in problems), problems
