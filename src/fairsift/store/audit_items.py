"""The items of batch entries, checked against the entries that vouch for them.

A batch entry (event `batch`, see fairsift.store.audit) lists the leaf hash of each of its
items in order, and their Merkle root; each item is a row of `audit_items` at its place
(entry id, item 1 to n), and its leaf hash covers that place, its event, actor, subject and
payload. So an item whose contents change no longer gives the hash listed for its place
(edited); one given a fresh hash too no longer matches the list (edited and re-hashed); an
item taken to another place or batch gives the hash listed where it was written (moved); a
place whose item is nowhere was deleted; an item at a place the entry never had, or in the
place of an item that was moved away, was inserted. An erased item must be exactly what its
erasure entry recorded.

Only batch entries the chain found intact are used: a changed batch entry is named by the
chain check, and its items are not checked against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fairsift.store.audit import BATCH, Problem, item_hash
from fairsift.store.models_review import AuditEntry, AuditItem

__all__ = ["check_items", "leaves_of"]

NEARBY: Final = 64  # how many open places of its batch a changed item is tried at


@dataclass(frozen=True)
class _Row:
    entry_id: int
    item: int
    subject: str
    stored: str  # the hash column: the leaf hash it was written with, unless changed
    content: tuple[str, str, str, Any] | None  # (event, actor, subject, payload) if readable

    def hash_at(self, entry_id: int, item: int) -> str | None:
        return None if self.content is None else item_hash(entry_id, item, *self.content)


def leaves_of(payload: str) -> list[str] | None:
    """The leaf hashes a batch entry's payload lists, or None if it lists none."""
    try:
        parsed = json.loads(payload)
    except (TypeError, ValueError):
        return None
    leaves = parsed.get("leaves") if isinstance(parsed, dict) else None
    if not isinstance(leaves, list) or not all(isinstance(h, str) for h in leaves):
        return None
    return leaves


def _problem(row: _Row | tuple[int, int, str], what: str) -> Problem:
    entry_id, item, subject = (
        (row.entry_id, row.item, row.subject) if isinstance(row, _Row) else row
    )
    named = f"item {item} ({subject})" if subject else f"item {item}"
    return Problem(entry_id, f"{named}: {what}", item)


def _batches(session: Session) -> list[int]:
    query = select(AuditEntry.id).where(AuditEntry.event == BATCH).order_by(AuditEntry.id)
    return [int(i) for i in session.execute(query).scalars()]


def _payload(session: Session, entry_id: int) -> str:
    found = session.execute(select(AuditEntry.payload).where(AuditEntry.id == entry_id))
    return str(found.scalar_one())


def _read(row: Any) -> _Row:
    fields = (row.event, row.actor, row.subject)
    content = None
    try:
        payload = json.loads(row.payload)
    except (TypeError, ValueError):
        pass  # not JSON: it cannot be rehashed, and is named as edited
    else:
        if all(isinstance(v, str) for v in fields):
            content = (row.event, row.actor, row.subject, payload)
    return _Row(int(row.entry_id), int(row.item), str(row.subject), str(row.hash), content)


def check_items(
    session: Session, flawed: Iterable[int], vouchers: Mapping[tuple[int, int], Mapping[str, Any]]
) -> list[Problem]:
    """Every problem with the items of the batch entries not in `flawed` (entries the chain
    check already named), and with items that name no batch entry. `vouchers`: what erasure
    entries recorded about erased items, by (entry id, item)."""
    skip = set(flawed)
    problems: list[Problem] = []
    pending: list[_Row] = []
    open_places: dict[int, set[int]] = {}  # batch entry -> places no item was found intact at
    sizes: dict[int, int] = {}
    batches = _batches(session)
    for entry_id in batches:
        if entry_id in skip:
            continue
        leaves = leaves_of(_payload(session, entry_id))
        if leaves is None:
            what = "a batch entry without its list of items: its items cannot be checked"
            problems.append(Problem(entry_id, what))
            continue
        sizes[entry_id] = len(leaves)
        places = set(range(1, len(leaves) + 1))
        table = AuditItem.__table__  # columns read raw: no ORM object per item
        query = select(table).where(table.c.entry_id == entry_id).order_by(table.c.item)
        for raw in session.execute(query):
            row = _read(raw)
            listed = leaves[row.item - 1] if 1 <= row.item <= len(leaves) else None
            if raw.erased is not None:
                found = _check_erased(raw, row, listed, vouchers)
                if found is not None:
                    problems.append(found)
                places.discard(row.item)  # named here, or intact
                continue
            if listed is not None and row.hash_at(entry_id, row.item) == listed:
                places.discard(row.item)
                if row.stored != listed:
                    problems.append(_problem(row, "edited: its hash column was changed"))
                continue
            pending.append(row)
        if places:
            open_places[entry_id] = places
    if pending:
        problems.extend(_classify(session, batches, skip, pending, open_places, sizes))
    problems.extend(_missing(open_places))
    problems.extend(_orphans(session, set(batches)))
    return problems


def _check_erased(
    raw: Any,
    row: _Row,
    listed: str | None,
    vouchers: Mapping[tuple[int, int], Mapping[str, Any]],
) -> Problem | None:
    record = vouchers.get((row.entry_id, row.item))
    if record is None:
        return _problem(row, "edited: marked erased, but no erasure entry records it")
    fields = ("hash", "event", "actor", "subject", "payload_sha256")
    same = all(record.get(name) == getattr(raw, name) for name in fields)
    if not same or raw.payload != "null" or record.get("hash") != listed:
        return _problem(row, "edited: it differs from what its erasure recorded")
    return None


def _classify(
    session: Session,
    batches: list[int],
    skip: set[int],
    pending: list[_Row],
    open_places: dict[int, set[int]],
    sizes: dict[int, int],
) -> list[Problem]:
    """Name what happened to each item that is not intact at its place: moved (it gives the
    hash listed at another place), inserted, or edited."""
    wanted = {row.stored for row in pending}
    written: dict[str, tuple[int, int]] = {}  # listed leaf hash -> its place
    leaves: dict[int, list[str]] = {}
    for entry_id in batches:  # a second look at the lists, only when something is wrong
        if entry_id in skip:
            continue
        listed = leaves_of(_payload(session, entry_id)) or []
        if entry_id in open_places or any(h in wanted for h in listed):
            leaves[entry_id] = listed
        for number, leaf in enumerate(listed, start=1):
            if leaf in wanted:
                written.setdefault(leaf, (entry_id, number))
    problems: list[Problem] = []
    moved_from: set[tuple[int, int]] = set()
    rest: list[_Row] = []
    changed = {(row.entry_id, row.item) for row in pending}
    for row in pending:
        places = [written[row.stored]] if row.stored in written else []
        nearby = sorted(open_places.get(row.entry_id, ()))[:NEARBY]
        places += [(row.entry_id, n) for n in nearby if n != row.item]
        origin = next(
            (
                (e, n)
                for e, n in places
                if (e, n) != (row.entry_id, row.item)
                and n <= len(leaves.get(e, []))
                and row.hash_at(e, n) == leaves[e][n - 1]
            ),
            None,
        )
        if origin is None:
            rest.append(row)
            continue
        where = f"item {origin[1]} of this batch"
        if origin[0] != row.entry_id:
            where = f"item {origin[1]} of batch entry {origin[0]}"
        if origin not in changed and origin[1] not in open_places.get(origin[0], set()):
            # the item it was written as is still there, intact: this one is a copy
            problems.append(_problem(row, f"inserted: a copy of {where}"))
            continue
        moved_from.add(origin)
        problems.append(_problem(row, f"moved: it was written as {where}"))
    for entry_id, number in moved_from:
        open_places.get(entry_id, set()).discard(number)
    for row in rest:
        size = sizes.get(row.entry_id, 0)
        if not 1 <= row.item <= size:
            what = f"inserted: its batch entry recorded {size} items"
        elif (row.entry_id, row.item) in moved_from:
            what = "inserted: the item written here was moved elsewhere"
        elif row.content is None:
            what = "edited: its payload is not valid JSON or a field has the wrong type"
        elif row.hash_at(row.entry_id, row.item) == row.stored:
            what = "edited and re-hashed: its hash is not the one its batch entry recorded"
        else:
            what = "edited: its contents no longer match its hash"
        if 1 <= row.item <= size:
            open_places.get(row.entry_id, set()).discard(row.item)
        problems.append(_problem(row, what))
    return problems


def _missing(open_places: Mapping[int, set[int]]) -> list[Problem]:
    problems = []
    for entry_id, places in sorted(open_places.items()):
        for first, last in _runs(sorted(places)):
            what = (
                f"item {first} is missing: deleted"
                if first == last
                else f"items {first} to {last} are missing: deleted"
            )
            problems.append(Problem(entry_id, what, first))
    return problems


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _orphans(session: Session, batches: set[int]) -> list[Problem]:
    """Items whose entry is not a batch entry: inserted, or their entry was deleted."""
    query = (
        select(AuditItem.entry_id, func.count(), func.min(AuditItem.item), func.max(AuditItem.item))
        .where(AuditItem.entry_id.not_in(select(AuditEntry.id).where(AuditEntry.event == BATCH)))
        .group_by(AuditItem.entry_id)
        .order_by(AuditItem.entry_id)
    )
    problems = []
    for entry_id, count, first, last in session.execute(query):
        if int(entry_id) in batches:
            continue
        what = (
            f"{count} audit item{'s' if count != 1 else ''} ({first} to {last}) name it as "
            "their batch entry, but it is not one: the entry was deleted or replaced, or the "
            "items were inserted"
        )
        problems.append(Problem(int(entry_id), what))
    return problems
