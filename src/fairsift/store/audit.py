"""The audit log as a hash chain, in the store's own transactions.

Entry n carries `prev_hash`, the hash of entry n-1 (entry 1 carries 64 zeros), and `hash`,
the sha256 of the canonical JSON of {id, at, actor, event, subject, payload, prev_hash}. Ids
are dense: the writer assigns last id + 1 while it holds the chain's lock, so two writers can
never both extend the same entry (a fork). On SQLite the lock is the write lock (every write
transaction begins with BEGIN IMMEDIATE); on PostgreSQL a transaction-level advisory lock,
which `lock()` takes at the start of every transaction that will append.

An entry is appended in the same transaction as the change it records: the change and its
entry commit together or not at all.

An entry about a person can be erased (`erase()`): its payload is replaced by nothing but
when and by whom, its hash and every other field stay, and a new `erasure` entry records the
erased entries' ids, hashes and payload sha256s. `verify()` checks an erased entry against
that record instead of recomputing its hash, and every link still has to hold; an entry marked
erased that no erasure entry records is named as edited.

A batch (`begin_batch()` ... `end_batch()`, one write transaction) appends one entry for
many audited rows: event `batch`, its payload the batch's items count, the RFC 6962 Merkle
root over their leaf hashes and the leaf hashes themselves; the items are rows of their own
(`audit_items`, see fairsift.store.audit_items), each hashed with its entry id and place. The
chain's lock is taken once per batch, not per row. A batch of one item is a plain entry.

`verify()` recomputes every hash and link and names the entry at fault: edited (contents do
not match the hash), deleted (a gap in the ids), inserted or reordered (a link that points
elsewhere); and, in a batch, the item at fault (edited, deleted, inserted, moved). A chain
can still be cut short at its end or extended by someone who can write to the database and
recompute hashes; keep the head (`head()`) somewhere else and pass it back as `anchor` to
catch that too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final, cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from fairsift.store import merkle
from fairsift.store.models_review import AuditEntry, AuditItem

__all__ = [
    "BATCH",
    "EVENTS",
    "GENESIS",
    "AuditRecord",
    "ItemRecord",
    "Problem",
    "abandon_batch",
    "append",
    "begin_batch",
    "canonical",
    "digest",
    "end_batch",
    "entries",
    "entry_hash",
    "erase",
    "head",
    "item_hash",
    "items",
    "lock",
    "verify",
]

GENESIS: Final = "0" * 64
MOVE_WINDOW: Final = 16  # how far verify looks for the id a moved entry was written with
PG_AUDIT_LOCK: Final = 0x61756474  # "audt": one appender at a time on PostgreSQL
BATCH: Final = "batch"  # the event of an entry that vouches for a batch of items
_OPEN: Final = "fairsift.audit.batch"  # where a session keeps its open batch (Session.info)
EVENTS: Final = frozenset(
    {
        "assessment",
        "alternative_request",
        "alternative_resolved",
        "batch",
        "config_change",
        "decision",
        "erasure",
        "explanation",
        "export",
        "identity_reveal",
        "login",
        "login_failed",
        "logout",
        "merge",
        "people_export",
        "receipt_addition",
        "report_submitted",
        "retention",
        "token_create",
        "user_add",
        "user_remove",
        # the review service's daily work (migration 0014)
        "category_confirm",
        "category_correct",
        "compare",  # candidates weighed side by side (who, which applications)
        "job_delete",
        "job_revise",
        "job_update",
        "password_change",
        "password_reset",
        "report_assign",
        "report_reply",
        "report_status",
        "token_revoke",
        "user_reactivate",
        "user_unlock",
        "user_update",
    }
)


@dataclass(frozen=True)
class Problem:
    """Something wrong with the chain, at the entry named by `entry_id`; for an item of a
    batch entry, `item` is its place (and `what` starts by naming it and its subject)."""

    entry_id: int
    what: str
    item: int | None = None

    def __str__(self) -> str:
        if self.item is not None:
            return f"batch entry {self.entry_id}, {self.what}"
        return f"entry {self.entry_id}: {self.what}"

    @property
    def order(self) -> tuple[int, int]:
        return self.entry_id, self.item or 0


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
    erased: dict[str, Any] | None = None  # when and by whom, if the entry was erased

    def to_dict(self) -> dict[str, Any]:
        return {
            "erased": self.erased,
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


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _last(session: Session) -> tuple[int, str]:
    """(id, hash) the next entry follows: (0, GENESIS) for an empty log."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (0, GENESIS) if last is None else (int(last.id), str(last.hash))


def _body(event: str, payload: Mapping[str, Any]) -> Any:
    if event not in EVENTS or event == BATCH:
        raise ValueError(f"unknown audit event {event!r}; known: {', '.join(sorted(EVENTS))}")
    return json.loads(json.dumps(dict(payload), default=_plain))  # plain JSON values only


def _write(
    session: Session, entry_id: int, prev: str, event: str, actor: str, subject: str, body: Any
) -> None:
    at = _now()
    stored = canonical(body)
    session.add(
        AuditEntry(
            id=entry_id,
            at=at,
            actor=actor,
            event=event,
            subject=subject,
            payload=stored,
            prev_hash=prev,
            hash=entry_hash(entry_id, at, actor, event, subject, body, prev),
            payload_sha256=hashlib.sha256(stored.encode("utf-8")).hexdigest(),
            erased=None,
        )
    )
    session.flush()


def append(
    session: Session, event: str, actor: str, subject: str, payload: Mapping[str, Any]
) -> int:
    """Append one entry in `session`'s write transaction; returns its id. Inside a batch
    (`begin_batch`) the entry becomes the batch's next item, and the id is the batch's."""
    body = _body(event, payload)
    batch: _Batch | None = session.info.get(_OPEN)
    if batch is not None:
        batch.items.append((event, actor, subject, body))
        return batch.entry_id
    lock(session)
    last_id, prev = _last(session)
    _write(session, last_id + 1, prev, event, actor, subject, body)
    return last_id + 1


@dataclass
class _Batch:
    entry_id: int  # reserved when the batch began, under the chain's lock
    prev: str
    items: list[tuple[str, str, str, Any]] = field(default_factory=list)


def begin_batch(session: Session) -> None:
    """From now on, `append` in `session` adds items to one batch entry, which `end_batch`
    writes. Takes the chain's lock for the rest of the transaction: keep it short (gather the
    work first, then write it)."""
    if _OPEN in session.info:
        raise ValueError("an audit batch is already open in this transaction")
    lock(session)
    last_id, prev = _last(session)
    session.info[_OPEN] = _Batch(last_id + 1, prev)


def item_hash(entry_id: int, item: int, event: str, actor: str, subject: str, payload: Any) -> str:
    """The leaf hash of item `item` (1 to n) of batch entry `entry_id` (RFC 6962 leaf): of
    the canonical JSON of {actor, entry, event, item, payload, subject}."""
    return _leaf(entry_id, item, event, actor, subject, canonical(payload))


def _leaf(entry_id: int, item: int, event: str, actor: str, subject: str, stored: str) -> str:
    # canonical() of the whole object, spelled out: keys in sorted order, and the payload's
    # canonical text (already made for the row) dropped in as is.
    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    body = (
        f'{{"actor":{text(actor)},"entry":{int(entry_id)},"event":{text(event)},'
        f'"item":{int(item)},"payload":{stored},"subject":{text(subject)}}}'
    )
    return merkle.leaf_hash(body.encode("utf-8"))


def end_batch(session: Session) -> int | None:
    """Write the open batch: one entry chained to the one before, vouching for every item by
    its leaf hash and the Merkle root over them, and the items. Returns the entry id, or
    None when nothing was appended. One item is written as a plain entry."""
    batch: _Batch | None = session.info.pop(_OPEN, None)
    if batch is None:
        raise ValueError("no audit batch is open in this transaction")
    if not batch.items:
        return None
    entry_id = batch.entry_id
    if len(batch.items) == 1:
        _write(session, entry_id, batch.prev, *batch.items[0])
        return entry_id
    rows, leaves = [], []
    counts: dict[str, int] = {}
    for number, (event, actor, subject, body) in enumerate(batch.items, start=1):
        stored = canonical(body)
        leaf = _leaf(entry_id, number, event, actor, subject, stored)
        leaves.append(leaf)
        counts[event] = counts.get(event, 0) + 1
        rows.append(
            {
                "entry_id": entry_id,
                "item": number,
                "event": event,
                "actor": actor,
                "subject": subject,
                "payload": stored,
                "hash": leaf,
                "payload_sha256": hashlib.sha256(stored.encode("utf-8")).hexdigest(),
                "erased": None,
            }
        )
    actors = {actor for _event, actor, _subject, _body in batch.items}
    actor = actors.pop() if len(actors) == 1 else "fairsift"
    details = {"items": len(leaves), "root": merkle.root(leaves), "events": counts}
    details["leaves"] = leaves
    _write(session, entry_id, batch.prev, BATCH, actor, f"batch:{len(leaves)}", details)
    items_table = cast(Table, AuditItem.__table__)  # Core: no ORM bookkeeping per row
    session.connection().execute(insert(items_table), rows)
    return entry_id


def abandon_batch(session: Session) -> None:
    """Forget an open batch (its transaction is rolled back)."""
    session.info.pop(_OPEN, None)


def erase(
    session: Session,
    ids: Iterable[int],
    actor: str,
    reason: str,
    items: Iterable[tuple[int, int]] = (),
) -> int | None:
    """Erase the entries `ids` and the batch items `items` ((entry id, item) pairs), in
    `session`'s write transaction, and append the `erasure` entry that vouches for them;
    returns its id, or None when there was nothing to erase. An entry or item whose contents
    no longer match its hash is refused (ValueError): erasing it would hide the tampering."""
    wanted = sorted(set(ids))
    places = sorted(set(items))
    if not wanted and not places:
        return None
    if _OPEN in session.info:
        raise ValueError("erase outside an audit batch: the erasure entry must stand alone")
    lock(session)
    at = _now()
    erased = canonical({"at": at, "by": actor, "reason": reason})
    vouched = []
    rows = session.execute(
        select(AuditEntry).where(AuditEntry.id.in_(wanted or [-1]), AuditEntry.erased.is_(None))
    ).scalars()
    for row in rows:
        payload = _parse(row.payload)
        written = entry_hash(
            row.id, row.at, row.actor, row.event, row.subject, payload, row.prev_hash
        )
        if written != row.hash:
            raise ValueError(f"audit entry {row.id} does not match its hash; run audit verify")
        payload_sha = hashlib.sha256(row.payload.encode("utf-8")).hexdigest()
        vouched.append(
            {
                "id": row.id,
                "hash": row.hash,
                "at": row.at,
                "actor": row.actor,
                "event": row.event,
                "subject": row.subject,
                "prev_hash": row.prev_hash,
                "payload_sha256": payload_sha,
            }
        )
        row.payload = "null"
        row.payload_sha256 = payload_sha
        row.erased = erased
    vouched_items = _erase_items(session, places, erased)
    if not vouched and not vouched_items:
        return None
    session.flush()
    details: dict[str, Any] = {"reason": reason, "entries": vouched}
    if vouched_items:
        details["items"] = vouched_items
    return append(session, "erasure", actor, "audit_log", details)


def _erase_items(
    session: Session, places: list[tuple[int, int]], erased: str
) -> list[dict[str, Any]]:
    vouched = []
    for entry_id in sorted({entry for entry, _item in places}):
        numbers = [item for entry, item in places if entry == entry_id]
        rows = session.execute(
            select(AuditItem).where(
                AuditItem.entry_id == entry_id,
                AuditItem.item.in_(numbers),
                AuditItem.erased.is_(None),
            )
        ).scalars()
        for row in rows:
            payload = _parse(row.payload)
            written = item_hash(row.entry_id, row.item, row.event, row.actor, row.subject, payload)
            if written != row.hash:
                raise ValueError(
                    f"item {row.item} of audit entry {row.entry_id} does not match its hash; "
                    "run audit verify"
                )
            vouched.append(
                {
                    "entry": row.entry_id,
                    "item": row.item,
                    "hash": row.hash,
                    "event": row.event,
                    "actor": row.actor,
                    "subject": row.subject,
                    "payload_sha256": row.payload_sha256,
                }
            )
            row.payload = "null"
            row.erased = erased
    return vouched


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
            erased=None if row.erased is None else _parse(row.erased),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ItemRecord:
    """One item of a batch entry as read back, payload parsed (None once erased)."""

    entry_id: int
    item: int
    actor: str
    event: str
    subject: str
    payload: Any
    hash: str
    erased: dict[str, Any] | None = None


def items(
    session: Session, entry_id: int | None = None, limit: int = 1000, offset: int = 0
) -> list[ItemRecord]:
    """Batch items in the order written: those of one batch entry, or of all."""
    query = select(AuditItem)
    if entry_id is not None:
        query = query.where(AuditItem.entry_id == entry_id)
    query = query.order_by(AuditItem.entry_id, AuditItem.item).limit(limit).offset(offset)
    return [
        ItemRecord(
            entry_id=row.entry_id,
            item=row.item,
            actor=row.actor,
            event=row.event,
            subject=row.subject,
            payload=_parse(row.payload),
            hash=row.hash,
            erased=None if row.erased is None else _parse(row.erased),
        )
        for row in session.execute(query).scalars()
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
    vouchers, item_vouchers = _vouchers(session)
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
        if row.erased is not None:
            intact = _check_erased(row, vouchers, problems)
        else:
            intact = _check_contents(row, by_hash, written, problems)
        if intact and not gap:
            _check_link(row, previous, by_hash, problems)
        previous = (entry_id, str(row.hash))
        expected = entry_id + 1
    if anchor is not None:
        problems.extend(_check_anchor(session, anchor, previous))
    # Items are checked against batch entries that are themselves intact: the chain vouches
    # for those entries, and they for their items.
    from fairsift.store.audit_items import check_items

    problems.extend(check_items(session, {p.entry_id for p in problems}, item_vouchers))
    return sorted(problems, key=lambda problem: problem.order)


def _vouchers(
    session: Session,
) -> tuple[dict[int, dict[str, Any]], dict[tuple[int, int], dict[str, Any]]]:
    """What the erasure entries recorded about each entry they erased, by id, and about each
    batch item, by (entry id, item). An erasure entry is itself an ordinary entry: the chain
    check catches any change to it."""
    found: dict[int, dict[str, Any]] = {}
    items: dict[tuple[int, int], dict[str, Any]] = {}
    query = select(AuditEntry.payload).where(
        AuditEntry.event == "erasure", AuditEntry.erased.is_(None)
    )
    for (payload,) in session.execute(query):
        parsed = _parse(payload)
        listed = parsed.get("entries") if isinstance(parsed, dict) else None
        for item in listed if isinstance(listed, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                found.setdefault(item["id"], item)
        listed = parsed.get("items") if isinstance(parsed, dict) else None
        for item in listed if isinstance(listed, list) else []:
            place = (item.get("entry"), item.get("item")) if isinstance(item, dict) else None
            if place is not None and all(isinstance(n, int) for n in place):
                items.setdefault((int(item["entry"]), int(item["item"])), item)
    return found, items


def _check_erased(
    row: Any, vouchers: Mapping[int, dict[str, Any]], problems: list[Problem]
) -> bool:
    """An erased entry cannot be rehashed (its payload is gone): it must be exactly what an
    erasure entry recorded when it erased it."""
    record = vouchers.get(row.id)
    if record is None:
        problems.append(Problem(row.id, "edited: marked erased, but no erasure entry records it"))
        return False
    fields = ("hash", "at", "actor", "event", "subject", "prev_hash", "payload_sha256")
    if any(record.get(name) != getattr(row, name) for name in fields) or row.payload != "null":
        problems.append(Problem(row.id, "edited: it differs from what its erasure recorded"))
        return False
    return True


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
