"""Batch entries in the audit chain, on a real SQLite file and a real PostgreSQL database: one
chained entry vouches for many items (Merkle root and leaf hashes), and tampering straight in
the database (the append-only triggers lifted) is named down to the item: edited, edited and
re-hashed, deleted, inserted, reordered inside a batch, moved to another batch; a whole batch
entry edited, deleted or reordered; erased items still verify; plain entries before, between
and after batches (a chain from before batches existed) keep verifying; two writers at once
keep one chain."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from fairsift.audit.log import audit_verify
from fairsift.store import Store, audit, merkle
from fairsift.store.audit import Problem, item_hash
from fairsift.store.bulk import NewAssessment
from fairsift.store.engine import resolve_url
from fairsift.store.migrate import alembic_config
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, tamper, temporary_database

JOB = "1" * 64
CONFIG = "c" * 64
SPAWN = multiprocessing.get_context("spawn")


def batch(store: Store, name: str, count: int) -> int:
    """A batch entry of `count` export items; returns its entry id."""
    with store.audited_batch() as session:
        for i in range(1, count + 1):
            entry = audit.append(session, "export", name, f"{name}:{i}", {"i": i, "by": name})
    return entry


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Entry 1 plain, 2 a batch of 6 (a1..a6), 3 plain, 4 a batch of 5 (b1..b5), 5 plain."""
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        with Store.open(url) as store:
            store.append_audit("export", "ann", "job:1", {"rows": 1})
            assert batch(store, "a", 6) == 2
            store.append_audit("export", "ann", "job:2", {"rows": 2})
            assert batch(store, "b", 5) == 4
            store.append_audit("export", "ann", "job:3", {"rows": 3})
            assert store.verify_audit() == []
        yield url


def problems(url: str) -> list[Problem]:
    with Store.open(url) as store:
        return store.verify_audit()


def item_row(url: str, entry_id: int, item: int) -> dict[str, Any]:
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT * FROM audit_items WHERE entry_id = :e AND item = :i"),
            {"e": entry_id, "i": item},
        )
        values = dict(found.mappings().one())
    engine.dispose()
    return values


def test_a_batch_entry_chains_once_and_commits_to_every_item(db_url: str) -> None:
    with Store.open(db_url) as store:
        records = store.audit_records(limit=10, offset=0)
        assert [r.event for r in reversed(records)] == [
            "export",
            "batch",
            "export",
            "batch",
            "export",
        ]
        entry = next(r for r in records if r.id == 2)
        items = store.audit_items(2)
    assert entry.subject == "batch:6" and entry.payload["items"] == 6
    assert entry.payload["events"] == {"export": 6}
    assert [i.item for i in items] == [1, 2, 3, 4, 5, 6]
    assert entry.payload["leaves"] == [i.hash for i in items]
    assert entry.payload["root"] == merkle.root(entry.payload["leaves"])
    # each leaf is the RFC 6962 leaf hash of the item at its place, recomputed here
    for i in items:
        assert i.hash == item_hash(2, i.item, i.event, i.actor, i.subject, i.payload)
    # and any item is proven part of the root with log2(n) hashes
    leaves = entry.payload["leaves"]
    for index, leaf in enumerate(leaves):
        proof = merkle.path(leaves, index)
        assert merkle.root_from_path(leaf, index, len(leaves), proof) == entry.payload["root"]


def test_verify_says_how_many_items_the_batches_hold(db_url: str) -> None:
    ok, lines = audit_verify(db_url)
    assert ok and lines[0].startswith(
        "audit log intact: 5 entries and 11 items in batches; head 5:"
    )


def test_an_edited_item_is_named(db_url: str) -> None:
    tamper(
        db_url,
        'UPDATE audit_items SET payload = \'{"by":"a","i":99}\' WHERE entry_id = 2 AND item = 3',
    )
    found = problems(db_url)
    assert found == [Problem(2, "item 3 (a:3): edited: its contents no longer match its hash", 3)]
    ok, lines = audit_verify(db_url)
    assert not ok and lines[1] == (
        "batch entry 2, item 3 (a:3): edited: its contents no longer match its hash"
    )


def test_an_item_edited_and_rehashed_is_named(db_url: str) -> None:
    forged = item_hash(4, 2, "export", "b", "b:2", {"by": "b", "i": 99})
    tamper(
        db_url,
        'UPDATE audit_items SET payload = \'{"by":"b","i":99}\', '
        f"hash = '{forged}' WHERE entry_id = 4 AND item = 2",
    )
    assert problems(db_url) == [
        Problem(
            4,
            "item 2 (b:2): edited and re-hashed: its hash is not the one its batch entry recorded",
            2,
        )
    ]


def test_a_deleted_item_is_named(db_url: str) -> None:
    tamper(db_url, "DELETE FROM audit_items WHERE entry_id = 2 AND item = 4")
    assert problems(db_url) == [Problem(2, "item 4 is missing: deleted", 4)]


def test_deleted_items_closed_up_are_named(db_url: str) -> None:
    # item 2 deleted and the rest renumbered to hide the gap
    tamper(
        db_url,
        "DELETE FROM audit_items WHERE entry_id = 2 AND item = 2",
        *(
            f"UPDATE audit_items SET item = {n - 1} WHERE entry_id = 2 AND item = {n}"
            for n in range(3, 7)
        ),
    )
    found = problems(db_url)
    assert Problem(2, "item 2 is missing: deleted", 2) in found
    moved = [p for p in found if "moved" in p.what]
    assert [p.item for p in moved] == [2, 3, 4, 5]
    assert moved[0].what == "item 2 (a:3): moved: it was written as item 3 of this batch"
    assert len(found) == 5


def test_an_inserted_item_is_named(db_url: str) -> None:
    row = item_row(db_url, 2, 6)
    forged = item_hash(2, 7, "export", "a", "a:7", {"by": "a", "i": 7})
    tamper(
        db_url,
        "INSERT INTO audit_items (entry_id, item, event, actor, subject, payload, hash, "
        "payload_sha256) VALUES (2, 7, 'export', 'a', 'a:7', '{\"by\":\"a\",\"i\":7}', "
        f"'{forged}', '{row['payload_sha256']}')",
    )
    assert problems(db_url) == [
        Problem(2, "item 7 (a:7): inserted: its batch entry recorded 6 items", 7)
    ]


def test_items_reordered_inside_a_batch_are_named(db_url: str) -> None:
    tamper(
        db_url,
        "UPDATE audit_items SET item = 100 WHERE entry_id = 2 AND item = 2",
        "UPDATE audit_items SET item = 2 WHERE entry_id = 2 AND item = 5",
        "UPDATE audit_items SET item = 5 WHERE entry_id = 2 AND item = 100",
    )
    assert problems(db_url) == [
        Problem(2, "item 2 (a:5): moved: it was written as item 5 of this batch", 2),
        Problem(2, "item 5 (a:2): moved: it was written as item 2 of this batch", 5),
    ]


def test_payloads_swapped_between_places_are_named_as_moved(db_url: str) -> None:
    one, four = item_row(db_url, 4, 1), item_row(db_url, 4, 4)
    statements = []
    for target, source in ((1, four), (4, one)):
        payload = str(source["payload"]).replace("'", "''")
        subject = source["subject"]
        statements.append(
            f"UPDATE audit_items SET payload = '{payload}', subject = '{subject}' "
            f"WHERE entry_id = 4 AND item = {target}"
        )
    tamper(db_url, *statements)
    assert problems(db_url) == [
        Problem(4, "item 1 (b:4): moved: it was written as item 4 of this batch", 1),
        Problem(4, "item 4 (b:1): moved: it was written as item 1 of this batch", 4),
    ]


def test_an_item_moved_to_another_batch_is_named(db_url: str) -> None:
    tamper(db_url, "UPDATE audit_items SET entry_id = 4, item = 6 WHERE entry_id = 2 AND item = 3")
    assert problems(db_url) == [
        Problem(4, "item 6 (a:3): moved: it was written as item 3 of batch entry 2", 6)
    ]


def test_a_copied_item_is_named(db_url: str) -> None:
    tamper(
        db_url,
        "INSERT INTO audit_items (entry_id, item, event, actor, subject, payload, hash, "
        "payload_sha256, erased) SELECT 4, 6, event, actor, subject, payload, hash, "
        "payload_sha256, erased FROM audit_items WHERE entry_id = 4 AND item = 1",
    )
    assert problems(db_url) == [
        Problem(4, "item 6 (b:1): inserted: a copy of item 1 of this batch", 6)
    ]


def test_an_edited_batch_entry_is_named_without_noise_from_its_items(db_url: str) -> None:
    with Store.open(db_url) as store:
        entry = next(r for r in store.audit_records(limit=10) if r.id == 4)
    payload = dict(entry.payload)
    payload["leaves"] = payload["leaves"][:-1]  # drop the last item from the record
    payload["items"] = 4
    stored = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    tamper(db_url, f"UPDATE audit_log SET payload = '{stored}' WHERE id = 4")
    assert problems(db_url) == [Problem(4, "edited: its contents no longer match its hash")]


def test_a_deleted_batch_entry_is_named_with_its_items_left_behind(db_url: str) -> None:
    tamper(db_url, "DELETE FROM audit_log WHERE id = 2")
    found = problems(db_url)
    assert found[0] == Problem(2, "entry 2 is missing: deleted")
    assert found[1].entry_id == 2 and found[1].what.startswith("6 audit items (1 to 6) name it")
    assert len(found) == 2


def test_reordered_batch_entries_are_named(db_url: str) -> None:
    # the batch entries 2 and 4 swap places (their items follow them)
    tamper(
        db_url,
        "UPDATE audit_log SET id = 100 WHERE id = 2",
        "UPDATE audit_log SET id = 2 WHERE id = 4",
        "UPDATE audit_log SET id = 4 WHERE id = 100",
        "UPDATE audit_items SET entry_id = 100 WHERE entry_id = 2",
        "UPDATE audit_items SET entry_id = 2 WHERE entry_id = 4",
        "UPDATE audit_items SET entry_id = 4 WHERE entry_id = 100",
    )
    found = problems(db_url)
    assert {p.entry_id for p in found} >= {2, 4}
    assert all(p.item is None for p in found)  # the entries are named, not 11 items
    assert any("moved: it was written as entry 4" in p.what for p in found if p.entry_id == 2)


def test_erased_items_still_verify_and_keep_their_hash(db_url: str) -> None:
    with Store.open(db_url) as store:
        before = store.audit_items(2)
        with store.audited_write() as session:
            erasure = audit.erase(session, [1], "dpo", "erasure request", [(2, 3), (4, 5)])
        assert erasure == 6
        assert store.verify_audit() == []
        after = store.audit_items(2)
        assert [i.hash for i in after] == [i.hash for i in before]
        gone = after[2]
        assert gone.payload is None and gone.erased is not None and gone.erased["by"] == "dpo"
        vouched = next(r for r in store.audit_records(limit=10) if r.id == erasure).payload
        assert [(i["entry"], i["item"]) for i in vouched["items"]] == [(2, 3), (4, 5)]
    # an erased item changed afterwards is still named
    tamper(db_url, "UPDATE audit_items SET subject = 'a:9' WHERE entry_id = 2 AND item = 3")
    assert problems(db_url) == [
        Problem(2, "item 3 (a:9): edited: it differs from what its erasure recorded", 3)
    ]


def test_an_item_marked_erased_without_an_erasure_is_named(db_url: str) -> None:
    tamper(
        db_url,
        "UPDATE audit_items SET payload = 'null', erased = '{}' WHERE entry_id = 4 AND item = 1",
    )
    assert problems(db_url) == [
        Problem(4, "item 1 (b:1): edited: marked erased, but no erasure entry records it", 1)
    ]


def test_the_items_are_append_only(db_url: str) -> None:
    engine = create_engine(resolve_url(db_url))
    try:
        for statement in (
            "UPDATE audit_items SET payload = '{}' WHERE entry_id = 2 AND item = 1",
            "DELETE FROM audit_items WHERE entry_id = 2 AND item = 1",
        ):
            with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()
    assert problems(db_url) == []


def test_assessments_changed_after_a_batch_are_named_by_item(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        ids = store.put_assessments(
            [
                NewAssessment("screening", JOB, f"{i:064x}", f"cv{i}.pdf", CONFIG, {"i": i}, {})
                for i in range(4)
            ]
        )
        assert store.verify_audit() == []
        entry = store.audit_head()
    assert ids == [1, 2, 3, 4] and entry is not None
    tamper(db_url, "UPDATE assessments SET payload = '{\"i\": 7}' WHERE id = 3")
    found = problems(db_url)
    assert found == [
        Problem(
            entry[0],
            "item 3 (assessment:3): assessment 3 was changed after it was recorded here "
            "(payload differs)",
            3,
        )
    ]
    assert str(found[0]).startswith(f"batch entry {entry[0]}, item 3 (assessment:3): ")


def test_a_batch_of_one_is_a_plain_entry_and_an_empty_batch_writes_nothing(
    db_url: str,
) -> None:
    with Store.open(db_url) as store:
        with store.audited_batch():
            pass
        assert store.audit_head() is not None and store.audit_head()[0] == 5  # type: ignore[index]
        batch(store, "c", 1)
        newest = store.audit_records(limit=1)[0]
        assert (newest.id, newest.event, newest.subject) == (6, "export", "c:1")
        assert store.verify_audit() == []


def chain_before_batches(url: str) -> None:
    """A store at schema 0016 (no batches yet) with entries written the way they were."""
    if "://" not in url:
        Path(url).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0016")
    engine.dispose()


def test_a_chain_from_before_batches_verifies_and_goes_on_with_batches(
    db_url: str, tmp_path: Path
) -> None:
    # the fixture's database holds batches; this one starts at the old schema
    backend = "postgresql" if "://" in db_url and "postgresql" in db_url else "sqlite"
    with temporary_database(backend, tmp_path / "old") as url:
        chain_before_batches(url)
        engine = create_engine(resolve_url(url))
        prev = audit.GENESIS
        with engine.begin() as conn:  # entries as fairsift wrote them before (format unchanged)
            for i in range(1, 4):
                at = f"2026-01-0{i}T00:00:00.000000Z"
                payload = {"rows": i}
                digest = audit.entry_hash(i, at, "ann", "export", f"job:{i}", payload, prev)
                conn.execute(
                    text(
                        "INSERT INTO audit_log (id, at, actor, event, subject, payload, "
                        "prev_hash, hash) VALUES (:i, :at, 'ann', 'export', :s, :p, :prev, :h)"
                    ),
                    {
                        "i": i,
                        "at": at,
                        "s": f"job:{i}",
                        "p": audit.canonical(payload),
                        "prev": prev,
                        "h": digest,
                    },
                )
                prev = digest
        engine.dispose()
        with Store.open(url) as store:  # migrates to 0018
            assert store.verify_audit() == []
            assert batch(store, "n", 3) == 4
            store.append_audit("export", "ann", "job:5", {"rows": 5})
            assert store.verify_audit() == []
        tamper(url, "UPDATE audit_log SET payload = '{\"rows\":9}' WHERE id = 2")
        assert problems(url) == [Problem(2, "edited: its contents no longer match its hash")]


def write_batches(url: str, name: str, rounds: int, barrier: Barrier, queue: Any) -> None:
    try:
        with Store.open(url) as store:
            barrier.wait(timeout=60)
            for r in range(rounds):
                store.put_assessments(
                    [
                        NewAssessment(
                            "screening",
                            JOB,
                            f"{r * 1000 + i:064x}",  # the same items from both: stored once
                            f"cv{i}.pdf",
                            CONFIG,
                            {"i": i},
                            {"by": name},
                        )
                        for i in range(40)
                    ]
                )
                store.append_audit("export", name, f"job:{r}", {"r": r})  # plain, in between
        queue.put((name, "ok"))
    except BaseException as exc:
        queue.put((name, f"{type(exc).__name__}: {exc}"))


def test_two_batch_writers_at_once_keep_one_chain(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
    barrier, queue = SPAWN.Barrier(2), SPAWN.Queue()
    workers = [
        SPAWN.Process(target=write_batches, args=(db_url, name, 6, barrier, queue))
        for name in ("x", "y")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert sorted(queue.get(timeout=5) for _ in workers) == [("x", "ok"), ("y", "ok")]
    with Store.open(db_url) as store:
        assert store.verify_audit() == []
        items = store.audit_items(limit=10_000)
        stored = [i for i in items if i.event == "assessment"]
        # every assessment was stored once and recorded once, whichever writer got there first
        assert len(stored) == 6 * 40
        assert len({i.payload["assessment_id"] for i in stored}) == 6 * 40
        entries = store.audit_records(limit=1000)
        assert sum(1 for e in entries if e.event == "export" and e.actor in "xy") == 12
