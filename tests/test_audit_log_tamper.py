"""Tampering with the audit log straight in the database (SQL, as someone with the keys would,
the append-only triggers lifted) is caught by verification, which names the entry and says
what happened: edited, edited and re-hashed, deleted, inserted, reordered."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fairsift.audit.log import audit_verify, entry_hash
from fairsift.store import Store
from fairsift.store.audit import Problem
from fairsift.store.testing import (
    BACKENDS,
    PG_UNSET,
    PG_URL_ENV,
    tamper,
    temporary_database,
)

ENTRIES = 8


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        with Store.open(url) as store:
            for i in range(1, ENTRIES + 1):
                store.append_audit("export", f"user{i}", f"job:{i}", {"rows": i})
            assert store.verify_audit() == []
        yield url


def problems(url: str) -> list[Problem]:
    with Store.open(url) as store:
        return store.verify_audit()


def row(url: str, entry_id: int) -> dict[str, object]:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT * FROM audit_log WHERE id = :i"), {"i": entry_id})
        values = dict(found.mappings().one())
    engine.dispose()
    return values


def forged_hash(values: dict[str, object], entry_id: int | None = None) -> str:
    return entry_hash(
        int(str(values["id"])) if entry_id is None else entry_id,
        str(values["at"]),
        str(values["actor"]),
        str(values["event"]),
        str(values["subject"]),
        json.loads(str(values["payload"])),
        str(values["prev_hash"]),
    )


def test_an_edited_field_is_named(db_url: str) -> None:
    tamper(db_url, "UPDATE audit_log SET payload = '{\"rows\":999}' WHERE id = 3")
    assert problems(db_url) == [Problem(3, "edited: its contents no longer match its hash")]
    ok, lines = audit_verify(db_url)
    assert not ok
    assert lines == [
        "audit log NOT intact: 1 problem",
        "entry 3: edited: its contents no longer match its hash",
    ]


@pytest.mark.parametrize(
    "change",
    [
        "actor = 'someone else'",
        "at = '2020-01-01T00:00:00.000000Z'",
        "event = 'logout'",
        "subject = 'job:99'",
        "payload = 'not json'",
    ],
)
def test_every_field_is_covered_by_the_hash(db_url: str, change: str) -> None:
    tamper(db_url, f"UPDATE audit_log SET {change} WHERE id = 5")
    found = problems(db_url)
    assert [p.entry_id for p in found] == [5]
    assert found[0].what.startswith("edited")


def test_an_entry_edited_and_re_hashed_is_named_by_the_broken_link(db_url: str) -> None:
    values = row(db_url, 4)
    values["actor"] = "forger"
    tamper(
        db_url,
        f"UPDATE audit_log SET actor = 'forger', hash = '{forged_hash(values)}' WHERE id = 4",
    )
    assert problems(db_url) == [
        Problem(4, "edited and re-hashed: entry 5 was written after a different entry 4")
    ]


def test_a_deleted_entry_is_named(db_url: str) -> None:
    tamper(db_url, "DELETE FROM audit_log WHERE id = 6")
    assert problems(db_url) == [Problem(6, "entry 6 is missing: deleted")]


def test_deleted_entries_at_the_start_and_a_run_in_the_middle_are_named(db_url: str) -> None:
    tamper(db_url, "DELETE FROM audit_log WHERE id IN (1, 4, 5, 6)")
    assert problems(db_url) == [
        Problem(1, "entry 1 is missing: deleted"),
        Problem(4, "entries 4 to 6 are missing: deleted"),
    ]


def test_an_entry_deleted_and_the_rest_renumbered_is_caught(db_url: str) -> None:
    # Close the gap: every later entry moves down one, so the ids look dense again.
    tamper(
        db_url,
        "DELETE FROM audit_log WHERE id = 3",
        "UPDATE audit_log SET id = id + 1000 WHERE id > 3",
        "UPDATE audit_log SET id = id - 1001 WHERE id > 1000",
    )
    found = problems(db_url)
    assert [p.entry_id for p in found] == list(range(3, ENTRIES))
    assert [p.what.split(":")[1] for p in found] == [
        f" it was written as entry {i + 1}" for i in range(3, ENTRIES)
    ]


def test_an_entry_inserted_in_the_middle_is_named(db_url: str) -> None:
    # Make room at 4 and forge an entry there that links properly to entry 3.
    before = row(db_url, 3)
    fake = {**row(db_url, 4), "id": 4, "actor": "forger", "prev_hash": before["hash"]}
    tamper(
        db_url,
        "UPDATE audit_log SET id = id + 1000 WHERE id >= 4",
        "UPDATE audit_log SET id = id - 999 WHERE id > 1000",
        "INSERT INTO audit_log (id, at, actor, event, subject, payload, prev_hash, hash) "
        f"VALUES (4, '{fake['at']}', 'forger', 'export', 'job:4', '{fake['payload']}', "
        f"'{before['hash']}', '{forged_hash(fake)}')",
    )
    found = problems(db_url)
    assert found[0] == Problem(4, "it and entry 5 both follow entry 3: one was inserted")
    assert found[1].entry_id == 5 and "moved: it was written as entry 4" in found[1].what


def test_entries_inserted_before_the_start_or_at_the_end_are_named(db_url: str) -> None:
    last = row(db_url, ENTRIES)
    tamper(
        db_url,
        "INSERT INTO audit_log (id, at, actor, event, subject, payload, prev_hash, hash) "
        f"VALUES (0, '{last['at']}', 'x', 'export', 'x', '{{}}', '{'0' * 64}', '{'1' * 64}')",
        "INSERT INTO audit_log (id, at, actor, event, subject, payload, prev_hash, hash) "
        f"VALUES ({ENTRIES + 1}, '{last['at']}', 'x', 'export', 'x', '{{}}', "
        f"'{'2' * 64}', '{'3' * 64}')",
    )
    found = problems(db_url)
    assert Problem(0, "its id is not a whole number above the one before: inserted") in found
    assert [p.entry_id for p in found if p.entry_id == ENTRIES + 1] == [ENTRIES + 1]


def test_two_entries_swapped_are_named_as_moved(db_url: str) -> None:
    tamper(
        db_url,
        "UPDATE audit_log SET id = 1003 WHERE id = 3",
        "UPDATE audit_log SET id = 3 WHERE id = 5",
        "UPDATE audit_log SET id = 5 WHERE id = 1003",
    )
    found = problems(db_url)
    named = {p.entry_id: p.what for p in found}
    assert named[3].startswith("moved: it was written as entry 5")
    assert named[5].startswith("moved: it was written as entry 3")
    assert named[4] == "it was written after entry 5, not after entry 3: reordered"
    assert named[6] == "it was written after entry 3, not after entry 5: reordered"
    assert set(named) == {3, 4, 5, 6}


def test_the_protection_refuses_plain_updates_and_deletes(db_url: str) -> None:
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    for statement in (
        "UPDATE audit_log SET actor = 'x' WHERE id = 1",
        "DELETE FROM audit_log WHERE id = 8",
    ):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()
    assert problems(db_url) == []
