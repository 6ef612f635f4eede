"""The schema as typed SQLAlchemy models. Alembic migrations in `migrations/versions/` build it;
a test autogenerates against a migrated database so the two never drift.

Portable between SQLite and PostgreSQL: the generic JSON type (text on both, so key order and
bytes survive a round trip), timezone-aware UTC timestamps, no server-side defaults.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Assessment", "Base", "Document", "Embedding", "Job", "UTCDateTime", "utcnow"]

# Stable constraint names, so later migrations can alter them on both backends.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SHA256 = String(64)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns timezone-aware UTC. SQLite keeps no zone, so it is restored on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Document(Base):
    """One input file as intake saw it (no text: the store keeps results, not resumes)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(SHA256, unique=True)
    source: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    findings: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Job(Base):
    """A job posting: its sha256 (of the posting as published) and the requirements understood."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(SHA256, unique=True)
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    requirements: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A name people give the job to tell it from others of the same title (migration 0014).
    label: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Assessment(Base):
    """What a pipeline recommended for one item. `kind` is "screening" (per job) or "triage"
    (no job). The unique key makes reruns idempotent; the partial index covers rows without a
    job, because SQL treats NULLs as distinct in a UNIQUE constraint."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("kind", "job_sha256", "item_sha256", "config_sha256"),
        Index(
            "uq_assessments_no_job",
            "kind",
            "item_sha256",
            "config_sha256",
            unique=True,
            sqlite_where=text("job_sha256 IS NULL"),
            postgresql_where=text("job_sha256 IS NULL"),
        ),
        Index("ix_assessments_job", "job_sha256", "config_sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    job_sha256: Mapped[str | None] = mapped_column(SHA256, ForeignKey("jobs.sha256"))
    item_sha256: Mapped[str] = mapped_column(SHA256)
    source: Mapped[str] = mapped_column(Text)
    config_sha256: Mapped[str] = mapped_column(SHA256)
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Embedding(Base):
    """A text's vector under one model (name and version), keyed by the text's sha256: a
    cache shared by every process and machine on this store. Holds no text; not audited
    (it changes no result: the same model gives the same vector)."""

    __tablename__ = "embeddings"

    model: Mapped[str] = mapped_column(String(255), primary_key=True)
    text_sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    dims: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian
