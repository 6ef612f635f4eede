"""The durable ingest queue. The service commits an item before it answers 202, so nothing
accepted is lost. A worker claims an item with a lease; if the worker dies, the lease runs
out and another worker claims the item again. Processing must be idempotent (assessments are,
by key), so an item processed twice is stored once. An item that kills its worker again and
again is failed after MAX_ATTEMPTS, never retried forever.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

from sqlalchemy import and_, func, or_, select, update

from fairsift.store.base import StoreBase
from fairsift.store.models import utcnow
from fairsift.store.models_review import IngestItem

__all__ = ["LEASE_SECONDS", "MAX_ATTEMPTS", "STATUSES", "IngestMixin", "QueueItem"]

LEASE_SECONDS: Final = 60.0
MAX_ATTEMPTS: Final = 5
STATUSES: Final = ("pending", "running", "done", "failed")


@dataclass(frozen=True)
class QueueItem:
    id: int
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    attempts: int = 0


def _item_dict(row: IngestItem) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "idempotency_key": row.idempotency_key,
        "payload": dict(row.payload),
        "status": row.status,
        "worker": row.worker,
        "leased_at": row.leased_at,
        "attempts": row.attempts,
        "result_ref": row.result_ref,
        "error": row.error,
        "created_at": row.created_at,
        "finished_at": row.finished_at,
    }


class IngestMixin(StoreBase):
    lease_seconds: float = LEASE_SECONDS  # the service may set its own

    def enqueue(
        self, kind: str, payload: Mapping[str, Any], idempotency_key: str
    ) -> tuple[int, bool]:
        """Accept work durably: returns (item id, created). The same (kind, key) again
        returns the first item and False, even when two processes enqueue it at once."""
        table = IngestItem.__table__
        key = (IngestItem.kind == kind) & (IngestItem.idempotency_key == idempotency_key)
        with self.write() as session:
            existing = session.execute(select(IngestItem.id).where(key)).scalar()
            if existing is not None:
                return int(existing), False
            statement = (
                self._insert(table)
                .values(
                    kind=kind,
                    idempotency_key=idempotency_key,
                    payload=dict(payload),
                    status="pending",
                    attempts=0,
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing()
                .returning(table.c.id)
            )
            created = session.execute(statement).scalar()
            if created is not None:
                return int(created), True
            # PostgreSQL: another transaction inserted the key between our read and insert.
            return int(session.execute(select(IngestItem.id).where(key)).scalar_one()), False

    def claim_next(self, kind: str, worker: str) -> QueueItem | None:
        """The oldest pending item of `kind` (or one whose lease ran out), now leased to
        `worker`; None when there is nothing to do."""
        now = utcnow()
        expired = now - timedelta(seconds=self.lease_seconds)
        claimable = and_(
            IngestItem.kind == kind,
            or_(
                IngestItem.status == "pending",
                and_(IngestItem.status == "running", IngestItem.leased_at < expired),
            ),
        )
        with self.write() as session:
            while True:
                query = select(IngestItem).where(claimable).order_by(IngestItem.id).limit(1)
                if self.dialect == "postgresql":  # workers skip each other's rows, never wait
                    query = query.with_for_update(skip_locked=True)
                row = session.execute(query).scalar()
                if row is None:
                    return None
                if row.attempts >= MAX_ATTEMPTS:  # it took its worker down every time
                    row.status = "failed"
                    row.error = f"gave up after {row.attempts} attempts (the worker stopped)"
                    row.finished_at = now
                    session.flush()
                    continue
                row.status = "running"
                row.worker = worker
                row.leased_at = now
                row.attempts += 1
                return QueueItem(
                    row.id, row.kind, dict(row.payload), row.idempotency_key, row.attempts
                )

    def renew_lease(self, item_id: int, worker: str) -> bool:
        """Extend a long job's lease; False if the item is no longer this worker's."""
        with self.write() as session:
            result = session.execute(
                update(IngestItem)
                .where(
                    IngestItem.id == item_id,
                    IngestItem.worker == worker,
                    IngestItem.status == "running",
                )
                .values(leased_at=utcnow())
            )
            return bool(getattr(result, "rowcount", 0))

    def finish(self, item_id: int, result_ref: str | None, error: str | None) -> None:
        """Mark an item done (with where its result is) or failed (with why)."""
        with self.write() as session:
            session.execute(
                update(IngestItem)
                .where(IngestItem.id == item_id)
                .values(
                    status="failed" if error else "done",
                    result_ref=result_ref,
                    error=error,
                    finished_at=utcnow(),
                )
            )

    def queue_item(self, item_id: int) -> dict[str, Any] | None:
        with self.read() as session:
            row = session.get(IngestItem, item_id)
            return None if row is None else _item_dict(row)

    def queue_counts(self, kind: str | None = None) -> dict[str, int]:
        """How many items are pending, running, done and failed (all four keys always)."""
        counts = dict.fromkeys(STATUSES, 0)
        query = select(IngestItem.status, func.count()).group_by(IngestItem.status)
        if kind is not None:
            query = query.where(IngestItem.kind == kind)
        with self.read() as session:
            for status, number in session.execute(query):
                counts[str(status)] = int(number)
        return counts
