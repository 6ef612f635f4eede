"""The result store: documents, jobs and assessments, in SQLite or PostgreSQL; with its parts
(people, reports, ingest, review in their own modules) everything the review service keeps.

Every write goes through `Store.write()`: one transaction that commits whole or not at all.
A batch run writes its results a few hundred at a time (`put_screened`, `put_assessments`,
`put_triaged_reports`: one transaction and one batch audit entry each), so Ctrl-C or kill -9
keeps everything committed before and leaves nothing half-written. A Store may be shared by
threads; after fork() the child opens fresh connections by itself, never the parent's. A
write that changes what a person or an auditor relies on appends to the audit log in the
same transaction.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self, get_args

from sqlalchemy import URL, Engine, Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from fairsift.domain import Document, Requirement
from fairsift.store import audit, migrate
from fairsift.store import engine as engines
from fairsift.store.bulk import BulkMixin, document_values
from fairsift.store.embeddings import EmbeddingsMixin
from fairsift.store.ingest import IngestMixin
from fairsift.store.models import Assessment, Job, utcnow
from fairsift.store.models import Document as DocumentRow
from fairsift.store.people import PeopleMixin
from fairsift.store.reports import ReportsMixin
from fairsift.store.review import WorkflowMixin, payload_sha256
from fairsift.store.rights import RightsMixin
from fairsift.store.web_sessions import WebSessionsMixin

__all__ = ["Kind", "Store"]

Kind = Literal["screening", "triage"]
KINDS: tuple[str, ...] = get_args(Kind)


class Store(
    BulkMixin,
    PeopleMixin,
    ReportsMixin,
    IngestMixin,
    WorkflowMixin,
    RightsMixin,
    EmbeddingsMixin,
    WebSessionsMixin,
):
    """Open with `Store.open(url_or_path)`; use as a context manager or call `close()`."""

    def __init__(self, engine: Engine, url: URL) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{engines.WRITE: True})
        self._url = url
        # A connection inherited through fork() must never be used by the child (SQLite's
        # locks belong to the process): the child starts with an empty pool instead.
        ref = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _forget_connections(ref))

    @classmethod
    def open(cls, url: str | os.PathLike[str]) -> Self:
        """Open (and create or migrate) the store at a SQLAlchemy URL or a SQLite file path."""
        resolved = engines.resolve_url(url if isinstance(url, str) else Path(url))
        engine = engines.connect(resolved)
        where = engines.safe_url(resolved)
        if (path := engines.sqlite_path(resolved)) is not None:
            where = str(path)
        try:
            migrate.upgrade(engine, where)
        except DBAPIError as exc:
            engine.dispose()
            raise engines.translate(exc, resolved) from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, resolved)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return engines.safe_url(self._url)

    @property
    def dialect(self) -> str:
        """The backend: "sqlite" or "postgresql"."""
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- sessions --------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; it takes no write lock and its transaction is discarded."""
        try:
            with Session(self._engine) as session:
                yield session
        except OperationalError as exc:
            raise engines.translate(exc, self._url) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction: committed when the block ends, rolled back on
        any exception (KeyboardInterrupt included). On SQLite it holds the write lock from the
        start, so concurrent writers wait for each other instead of failing."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            raise engines.translate(exc, self._url) from exc

    def _insert(self, table: Any) -> Any:
        # Both dialects spell INSERT .. ON CONFLICT the same way; pick the right constructor.
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)

    # -- documents and jobs ----------------------------------------------------------------

    def put_document(self, document: Document) -> None:
        """Record what intake made of a file (metadata and findings, not its text). A document
        seen before (same sha256) is updated to the latest description."""
        self._upsert(DocumentRow, document_values(document))

    def put_job(
        self,
        *,
        sha256: str,
        source: str,
        title: str,
        requirements: Sequence[Requirement | Mapping[str, Any]],
        actor: str = "fairsift",
    ) -> None:
        """Record a job posting (sha256 of the posting as published) and its requirements.
        A job seen before is updated to the latest requirements. A new job, or a changed title
        or requirements, is a configuration change: it goes into the audit log."""
        values = {
            "sha256": sha256,
            "source": source,
            "title": title,
            "requirements": [
                req.to_dict() if isinstance(req, Requirement) else dict(req) for req in requirements
            ],
        }
        table = Job.__table__
        statement = self._insert(table).values(**values, created_at=utcnow())
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.sha256], set_={key: statement.excluded[key] for key in values}
        )
        with self.audited_write() as session:
            before = session.execute(
                select(Job.title, Job.source, Job.requirements).where(Job.sha256 == sha256)
            ).first()
            if before is not None and tuple(before) == (title, source, values["requirements"]):
                return  # a rerun: nothing changed, nothing to record
            session.execute(statement)
            details = {
                "action": "job_add" if before is None else "job_update",
                "title": title,
                "source": source,
                "requirements": len(values["requirements"]),
                "requirements_sha256": payload_sha256({"r": values["requirements"]}),
            }
            audit.append(session, "config_change", actor, f"job:{sha256}", details)

    def _upsert(self, model: type[DocumentRow], values: dict[str, Any]) -> None:
        table = model.__table__
        statement = self._insert(table).values(**values, created_at=utcnow())
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.sha256], set_={key: statement.excluded[key] for key in values}
        )
        with self.write() as session:
            session.execute(statement)

    # -- assessments -----------------------------------------------------------------------

    def find_assessment(
        self, kind: Kind, job_sha256: str | None, item_sha256: str, config_sha256: str
    ) -> dict[str, Any] | None:
        """The stored payload for this key, or None if it was never assessed."""
        query = _by_key(select(Assessment.payload), kind, job_sha256, item_sha256, config_sha256)
        with self.read() as session:
            payload = session.execute(query).scalar_one_or_none()
        return None if payload is None else dict(payload)

    def put_assessment(
        self,
        *,
        kind: Kind,
        job_sha256: str | None,
        item_sha256: str,
        source: str,
        config_sha256: str,
        payload: Mapping[str, Any],
        provenance: Mapping[str, Any],
        score: float | None = None,
        rank: int | None = None,
        error: str | None = None,
    ) -> dict[str, Any]:
        """Store one assessment and return the stored payload. Idempotent: if this
        (kind, job, item, config) is already stored, nothing is written and the payload stored
        first is returned. A `job_sha256` must have been recorded with `put_job` first."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        key_query = _by_key(
            select(Assessment.payload), kind, job_sha256, item_sha256, config_sha256
        )
        with self.audited_write() as session:
            existing = session.execute(key_query).scalar_one_or_none()
            if existing is not None:
                return dict(existing)
            statement = self._insert(Assessment.__table__).values(
                kind=kind,
                job_sha256=job_sha256,
                item_sha256=item_sha256,
                source=source,
                config_sha256=config_sha256,
                score=score,
                rank=rank,
                payload=dict(payload),
                provenance=dict(provenance),
                error=error,
                created_at=utcnow(),
            )
            # A concurrent PostgreSQL writer may insert the same key between our read and
            # write; ON CONFLICT keeps its row and ours is dropped, never duplicated.
            table = Assessment.__table__
            inserted = session.execute(
                statement.on_conflict_do_nothing().returning(table.c.id)
            ).scalar()
            if inserted is not None:  # the one write that made it records it, with provenance
                details = {
                    "assessment_id": inserted,
                    "kind": kind,
                    "job_sha256": job_sha256,
                    "item_sha256": item_sha256,
                    "config_sha256": config_sha256,
                    "score": score,
                    "error": error,
                    "payload_sha256": payload_sha256(payload),
                    "provenance": dict(provenance),
                }
                subject = f"assessment:{inserted}"
                audit.append(session, "assessment", "fairsift", subject, details)
            stored = session.execute(key_query).scalar_one()
        return dict(stored)

    def assessments_for_job(
        self, job_sha256: str, config_sha256: str | None = None
    ) -> list[dict[str, Any]]:
        """Stored payloads for a job, best score first (rows without a score last), then by
        source. With `config_sha256`, only that configuration's assessments."""
        query = select(Assessment.payload).where(Assessment.job_sha256 == job_sha256)
        if config_sha256 is not None:
            query = query.where(Assessment.config_sha256 == config_sha256)
        query = query.order_by(
            Assessment.score.desc().nulls_last(), Assessment.source, Assessment.id
        )
        with self.read() as session:
            return [dict(payload) for payload in session.execute(query).scalars()]

    def scrub(self, tables: Sequence[str], after_xid: int | None = None) -> list[str]:
        """After an erasure: make deleted rows unrecoverable from the database's files (see
        fairsift.store.scrub); returns what was done."""
        from fairsift.store.scrub import scrub_database

        return scrub_database(self._engine, tables, after_xid)

    def schema_differences(self) -> list[str]:
        """Differences between this database's schema and fairsift's models (empty if none)."""
        return migrate.schema_differences(self._engine)


def _forget_connections(ref: weakref.ref[Store]) -> None:
    store = ref()
    if store is not None:
        store._engine.dispose(close=False)


def _by_key(
    query: Select[Any],
    kind: str,
    job_sha256: str | None,
    item_sha256: str,
    config_sha256: str,
) -> Select[Any]:
    job = (
        Assessment.job_sha256.is_(None)
        if job_sha256 is None
        else (Assessment.job_sha256 == job_sha256)
    )
    return query.where(
        Assessment.kind == kind,
        job,
        Assessment.item_sha256 == item_sha256,
        Assessment.config_sha256 == config_sha256,
    )
