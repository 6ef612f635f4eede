"""The audit log as a hash chain, in the store's own transactions.

Entry n carries `prev_hash`, the hash of entry n-1 (entry 1 carries 64 zeros), and `hash`,
the sha256 of the canonical JSON of {id, at, actor, event, subject, payload, prev_hash}. Ids
are dense: the writer assigns last id + 1 while it holds the chain's lock, so two writers can
never both extend the same entry (a fork). On SQLite the lock is the write lock (every write
transaction begins with BEGIN IMMEDIATE); on PostgreSQL a transaction-level advisory lock,
which `lock()` takes at the start of every transaction that will append.

An entry is appended in the same transaction as the change it records: the change and its
entry commit together or not at all.

`verify()` recomputes every hash and link and names the entry at fault: edited (contents do
not match the hash), deleted (a gap in the ids), inserted or reordered (a link that points
elsewhere). A chain can still be cut short at its end or extended by someone who can write
to the database and recompute hashes; keep the head (`head()`) somewhere else and pass it
back as `anchor` to catch that too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from fairsift.store.models_review import AuditEntry

__all__ = [
    "EVENTS",
    "GENESIS",
    "AuditRecord",
    "Problem",
    "append",
    "canonical",
    "digest",
    "entries",
    "entry_hash",
    "head",
    "lock",
    "verify",
]

GENESIS: Final = "0" * 64
MOVE_WINDOW: Final = 16  # how far verify looks for the id a moved entry was written with
PG_AUDIT_LOCK: Final = 0x61756474  # "audt": one appender at a time on PostgreSQL
EVENTS: Final = frozenset(
    {
        "assessment",
        "config_change",
        "decision",
        "export",
        "identity_reveal",
        "login",
        "login_failed",
        "logout",
        "receipt_addition",
        "report_submitted",
        "token_create",
        "user_add",
        "user_remove",
    }
)


@dataclass(frozen=True)
class Problem:
    """Something wrong with the chain, at the entry named by `entry_id`."""

    entry_id: int
    what: str

    def __str__(self) -> str:
        return f"entry {self.entry_id}: {self.what}"


@dataclass(frozen=True)
class AuditRecord:
    """One entry as read back, payload parsed."""

    id: int
    at: str
    actor: str
    event: str
    subject: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "event": self.event,
            "subject": self.subject,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"audit payloads hold JSON values only, not {type(value).__name__}")


def canonical(value: Any) -> str:
    """The one JSON spelling hashed: sorted keys, no spaces, UTF-8 as is, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def digest(value: Any) -> str:
    """sha256 of a record's JSON (canonical spelling), as an entry keeps it to vouch for a row
    stored elsewhere. Lenient where `canonical` is strict: it never stops the write."""
    body = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def entry_hash(
    entry_id: int, at: str, actor: str, event: str, subject: str, payload: Any, prev_hash: str
) -> str:
    body = canonical(
        {
            "id": entry_id,
            "at": at,
            "actor": actor,
            "event": event,
            "subject": subject,
            "payload": payload,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def lock(session: Session) -> None:
    """Hold the chain for this transaction (PostgreSQL; SQLite's write lock already does).
    Take it first in a transaction that will append, before any row lock, so that no two
    transactions wait on each other in opposite orders."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_AUDIT_LOCK})


def append(
    session: Session, event: str, actor: str, subject: str, payload: Mapping[str, Any]
) -> int:
    """Append one entry in `session`'s write transaction; returns its id."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; known: {', '.join(sorted(EVENTS))}")
    lock(session)
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    entry_id, prev = (1, GENESIS) if last is None else (int(last.id) + 1, str(last.hash))
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = json.loads(json.dumps(dict(payload), default=_plain))  # plain JSON values only
    session.add(
        AuditEntry(
            id=entry_id,
            at=at,
            actor=actor,
            event=event,
            subject=subject,
            payload=canonical(body),
            prev_hash=prev,
            hash=entry_hash(entry_id, at, actor, event, subject, body, prev),
        )
    )
    session.flush()
    return entry_id


def head(session: Session) -> tuple[int, str] | None:
    """(id, hash) of the newest entry, or None for an empty log: write it down elsewhere."""
    row = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return None if row is None else (int(row.id), str(row.hash))


def entries(
    session: Session,
    limit: int = 100,
    offset: int = 0,
    event: str | None = None,
    newest_first: bool = True,
) -> list[AuditRecord]:
    query = select(AuditEntry)
    if event is not None:
        query = query.where(AuditEntry.event == event)
    order = AuditEntry.id.desc() if newest_first else AuditEntry.id.asc()
    rows = session.execute(query.order_by(order).limit(limit).offset(offset)).scalars()
    return [
        AuditRecord(
            id=row.id,
            at=row.at,
            actor=row.actor,
            event=row.event,
            subject=row.subject,
            payload=_parse(row.payload) or {},
            prev_hash=row.prev_hash,
            hash=row.hash,
        )
        for row in rows
    ]


def _parse(payload: str) -> Any:
    try:
        return json.loads(payload)
    except (TypeError, ValueError):
        return None


def _rows(session: Session) -> Iterator[Any]:
    # Columns read raw (no ORM objects), streamed: a long log never sits in memory whole.
    table = AuditEntry.__table__
    result = session.execute(
        select(table).order_by(table.c.id).execution_options(yield_per=2000, stream_results=True)
    )
    yield from result


def verify(session: Session, anchor: tuple[int, str] | None = None) -> list[Problem]:
    """Every problem in the chain, in id order; empty when it is intact. `anchor` is an
    (id, hash) recorded earlier (from `head()`): the entry must still be there, unchanged."""
    table = AuditEntry.__table__
    # Stored hash -> id, to tell a moved entry (its link points to another entry) from an
    # edited neighbour (its link points nowhere).
    by_hash: dict[str, int] = {}
    followers: dict[str, list[int]] = {}  # prev_hash -> ids: two entries after one is a fork
    for row in session.execute(select(table.c.id, table.c.hash, table.c.prev_hash)):
        by_hash.setdefault(str(row.hash), _as_int(row.id))
        followers.setdefault(str(row.prev_hash), []).append(_as_int(row.id))
    problems: list[Problem] = []
    for prev_hash, ids in followers.items():
        if len(ids) > 1:
            first, *others = sorted(ids)
            before = "the start" if prev_hash == GENESIS else f"entry {by_hash.get(prev_hash)}"
            if prev_hash != GENESIS and prev_hash not in by_hash:
                before = "the same missing entry"
            listed = ", ".join(str(i) for i in others)
            also = f"entry {listed} both" if len(others) == 1 else f"entries {listed} all"
            problems.append(Problem(first, f"it and {also} follow {before}: one was inserted"))
    written: dict[str, int] = {}  # stored hash -> the id a moved entry was written with
    expected = 1
    previous: tuple[int, str] | None = None  # (id, stored hash) of the row before
    for row in _rows(session):
        entry_id = row.id
        if not isinstance(entry_id, int) or entry_id < expected:
            what = "its id is not a whole number above the one before: inserted"
            problems.append(Problem(_as_int(entry_id), what))
            continue
        gap = entry_id > expected
        if gap:
            missing = (
                f"entry {expected} is missing"
                if entry_id == expected + 1
                else f"entries {expected} to {entry_id - 1} are missing"
            )
            problems.append(Problem(expected, f"{missing}: deleted"))
        intact = _check_contents(row, by_hash, written, problems)
        if intact and not gap:
            _check_link(row, previous, by_hash, problems)
        previous = (entry_id, str(row.hash))
        expected = entry_id + 1
    if anchor is not None:
        problems.extend(_check_anchor(session, anchor, previous))
    return sorted(problems, key=lambda problem: problem.entry_id)


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _check_contents(
    row: Any, by_hash: Mapping[str, int], written: dict[str, int], problems: list[Problem]
) -> bool:
    """True if the row matches its own hash; otherwise says how it does not."""
    payload = _parse(row.payload)
    fields = (row.at, row.actor, row.event, row.subject, row.prev_hash)
    if payload is None and row.payload != "null":
        problems.append(Problem(row.id, "edited: its payload is not valid JSON"))
        return False
    if not all(isinstance(value, str) for value in fields):
        problems.append(Problem(row.id, "edited: a field holds a value of the wrong type"))
        return False
    at, actor, event, subject, prev_hash = fields
    if entry_hash(row.id, at, actor, event, subject, payload, prev_hash) == row.hash:
        return True
    # Written under another id? Then it was moved, not changed. Its link says where it was
    # (if its predecessor was not moved too); otherwise try the ids nearby, as a run of
    # entries renumbered after a deletion or insertion would be.
    before = 0 if prev_hash == GENESIS else written.get(prev_hash, by_hash.get(prev_hash))
    candidates = [] if before is None else [before + 1]
    candidates += [row.id + step * sign for step in range(1, MOVE_WINDOW + 1) for sign in (1, -1)]
    for candidate in candidates:
        if (
            candidate != row.id
            and candidate > 0
            and (entry_hash(candidate, at, actor, event, subject, payload, prev_hash) == row.hash)
        ):
            written[row.hash] = candidate
            problems.append(
                Problem(
                    row.id,
                    f"moved: it was written as entry {candidate}: entries before it were "
                    "inserted, deleted or reordered",
                )
            )
            return False
    problems.append(Problem(row.id, "edited: its contents no longer match its hash"))
    return False


def _check_link(
    row: Any,
    previous: tuple[int, str] | None,
    by_hash: Mapping[str, int],
    problems: list[Problem],
) -> None:
    """The row is whole; does it follow the row before it?"""
    expected = GENESIS if previous is None else previous[1]
    if row.prev_hash == expected:
        return
    linked = by_hash.get(row.prev_hash)
    if previous is None:
        problems.append(
            Problem(row.id, "it was not written as the first entry: earlier entries replaced")
        )
    elif row.prev_hash == GENESIS:
        problems.append(Problem(row.id, "it claims to be the first entry: inserted"))
    elif linked is not None and linked != previous[0]:
        problems.append(
            Problem(
                row.id,
                f"it was written after entry {linked}, not after entry {previous[0]}: reordered",
            )
        )
    else:
        problems.append(
            Problem(
                previous[0],
                f"edited and re-hashed: entry {row.id} was written after a different entry "
                f"{previous[0]}",
            )
        )


def _check_anchor(
    session: Session, anchor: tuple[int, str], last: tuple[int, str] | None
) -> list[Problem]:
    anchor_id, anchor_hash = anchor
    stored = session.execute(
        select(AuditEntry.hash).where(AuditEntry.id == anchor_id)
    ).scalar_one_or_none()
    if stored is None:
        newest = 0 if last is None else last[0]
        return [
            Problem(
                anchor_id,
                f"the recorded head is gone (the log ends at entry {newest}): entries deleted",
            )
        ]
    if stored != anchor_hash:
        return [Problem(anchor_id, "differs from the recorded head: edited or rewritten")]
    return []
