"""The review service's tables: people, reports and what reporters add, the durable ingest
queue, decisions, demographics, document texts, and the audit log.

Kept apart on purpose: a reporter's contact (`reporter_contacts`) and a candidate's
self-identification (`demographics`) live in their own tables, never joined into the rows a
reviewer reads. Migration 0002 builds these tables; the drift test compares them too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fairsift.store.models import SHA256, Base, UTCDateTime, utcnow

__all__ = [
    "ApiToken",
    "AuditEntry",
    "AuditItem",
    "CategoryReview",
    "DecisionRow",
    "Demographic",
    "DocumentText",
    "IngestItem",
    "Receipt",
    "Report",
    "ReportAddition",
    "ReportAssessment",
    "ReportReply",
    "ReporterContact",
    "User",
    "WebSession",
]


class User(Base):
    """A person who signs in. Never deleted (the audit log names them): `active` goes false."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    queues: Mapped[list[str]] = mapped_column(JSON)
    password_hash: Mapped[str] = mapped_column(Text)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A machine's token: only the sha256 of the secret is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(SHA256, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Report(Base):
    """A public report as received. `idempotency_key` makes a resubmission land on the same
    row; `urgency_rank` (0 critical .. 3 low, NULL until triaged) orders the queue."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_queue", "urgency_rank", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(SHA256)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), index=True)
    urgency_rank: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the reporter sent it, as its input says (an imported CSV's received_at); the
    # queue orders by this, falling back to created_at (migration 0014).
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    assignee: Mapped[str | None] = mapped_column(String(200))  # "user:<name>" or "team:<name>"


class ReporterContact(Base):
    """Who sent a report, if they said: read by no report query, only by its own method."""

    __tablename__ = "reporter_contacts"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    contact: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportAssessment(Base):
    """The triage row for a report (one per report: reprocessing never adds a second)."""

    __tablename__ = "report_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    language: Mapped[str | None] = mapped_column(String(20), index=True)
    row: Mapped[dict[str, Any]] = mapped_column(JSON)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Receipt(Base):
    """A reporter's receipt: the sha256 of the code shown to them once, never the code."""

    __tablename__ = "receipts"

    sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportAddition(Base):
    """More information a reporter added later with their receipt."""

    __tablename__ = "report_additions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportReply(Base):
    """An answer to a reporter, read only through their receipt code: who they are is never
    needed to answer them (migration 0014)."""

    __tablename__ = "report_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CategoryReview(Base):
    """Categories a person confirmed (`corrected` false) or corrected for a report: the
    latest one is human-verified, and corrections become training data (migration 0014)."""

    __tablename__ = "category_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    categories: Mapped[list[str]] = mapped_column(JSON)
    suggested: Mapped[list[str]] = mapped_column(JSON)
    corrected: Mapped[bool] = mapped_column(Boolean)
    actor: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IngestItem(Base):
    """Work accepted by the service: committed before the client hears 202. A worker claims
    an item with a lease; a worker that dies leaves a lease that expires, and the item is
    claimed again. (kind, idempotency_key) is unique, so a retried upload is one item."""

    __tablename__ = "ingest_queue"
    __table_args__ = (
        UniqueConstraint("kind", "idempotency_key"),
        Index("ix_ingest_queue_claim", "kind", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))  # pending, running, done, failed
    worker: Mapped[str | None] = mapped_column(Text)
    leased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result_ref: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DecisionRow(Base):
    """What a person decided, why, and which assessment they saw. `item_id` is the
    assessment id for an application, the report id for a report."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_item", "kind", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    assessment_id: Mapped[int | None] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Demographic(Base):
    """A candidate's self-identification, for bias audits only; reviewers never read it."""

    __tablename__ = "demographics"

    candidate_sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    sex: Mapped[str | None] = mapped_column(Text)
    race_ethnicity: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DocumentText(Base):
    """A document's text and its blind version, so a reviewer can see evidence in place."""

    __tablename__ = "document_texts"

    sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    blind_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """One entry of the hash chain (see fairsift.store.audit). Ids are dense and assigned by
    the one writer; `at` and `payload` are text so that what was hashed is what is stored,
    byte for byte, on both backends."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(Text)
    event: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(SHA256)
    hash: Mapped[str] = mapped_column(SHA256)
    # sha256 of the canonical payload (schema 0013 on). An erased entry keeps it and its hash,
    # and `erased` says when and by whom, never what it held (see fairsift.store.audit).
    payload_sha256: Mapped[str | None] = mapped_column(SHA256)
    erased: Mapped[str | None] = mapped_column(Text)


class AuditItem(Base):
    """One item of a batch entry (migration 0018; see fairsift.store.audit_items): what one
    audited row recorded, at its place in the batch (`item`, 1 to n: leaf item-1 of the
    batch's Merkle tree). `hash` is its leaf hash as written; the batch entry lists every
    leaf hash, so the chain vouches for it. Erased like an entry: payload gone, hash kept."""

    __tablename__ = "audit_items"

    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    item: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text, index=True)
    payload: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(SHA256)
    payload_sha256: Mapped[str] = mapped_column(SHA256)
    erased: Mapped[str | None] = mapped_column(Text)


class WebSession(Base):
    """A browser's sign-in, shared by every worker process of the service. Only the sha256 of
    the cookie's secret is kept; `csrf` is the session's form token."""

    __tablename__ = "web_sessions"

    sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
