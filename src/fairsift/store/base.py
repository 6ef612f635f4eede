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
