"""What the parts of `Store` (people, reports, ingest, review) need from it: sessions and the
dialect. `Store` provides them; each part is a mixin in its own small module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy.orm import Session

from fairsift.store import audit

__all__ = ["StoreBase"]


class StoreBase:
    @property
    def dialect(self) -> str:
        raise NotImplementedError

    def read(self) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def write(self) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _insert(self, table: Any) -> Any:
        raise NotImplementedError

    @contextmanager
    def audited_write(self) -> Iterator[Session]:
        """A write transaction that will append to the audit log: it holds the chain's lock
        from its start (PostgreSQL; on SQLite the write lock does it), so the change and its
        entry commit together and no other writer can fork the chain meanwhile."""
        with self.write() as session:
            audit.lock(session)
            yield session

    @contextmanager
    def audited_batch(self) -> Iterator[Session]:
        """A write transaction whose audit appends become the items of one batch entry (see
        fairsift.store.audit): the chain's lock is taken once, one entry is chained, and the
        items commit with the changes they record. Gather the work before, write it here."""
        with self.write() as session:
            audit.begin_batch(session)
            try:
                yield session
                audit.end_batch(session)
            finally:
                audit.abandon_batch(session)
