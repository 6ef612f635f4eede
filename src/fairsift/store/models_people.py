"""The tables behind people's rights: a candidate's private contact details (for recognising
the same person twice, never shown in a queue), requests for an alternative process or an
accommodation, and reviewers' merges of duplicate candidates. Migration 0013 builds them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fairsift.store.models import SHA256, Base, UTCDateTime, utcnow

__all__ = ["AlternativeRequest", "CandidateContact", "CandidateMerge"]


class CandidateContact(Base):
    """Name, e-mail addresses and phone numbers read from a resume: private like
    `reporter_contacts`, read only to find duplicates and to answer access requests.
    `emails` are lower-cased, `phones` digits only, so a match is a plain comparison."""

    __tablename__ = "candidate_contacts"

    candidate_sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    emails: Mapped[list[str]] = mapped_column(JSON)
    phones: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlternativeRequest(Base):
    """A candidate's request to be assessed without the AI, or for an accommodation. Until a
    reviewer resolves it the application is kept out of the AI's ranking. The candidate keeps
    a code (only its sha256 is stored) to follow the request or to ask for their data."""

    __tablename__ = "alternative_requests"
    __table_args__ = (Index("ix_alternative_requests_status", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "alternative" or "accommodation"
    job_sha256: Mapped[str | None] = mapped_column(SHA256, index=True)
    candidate_sha256: Mapped[str | None] = mapped_column(SHA256, index=True)
    message: Mapped[str] = mapped_column(Text)
    contact: Mapped[dict[str, Any]] = mapped_column(JSON)
    code_sha256: Mapped[str] = mapped_column(SHA256, unique=True)
    status: Mapped[str] = mapped_column(String(20))  # "open" or "resolved"
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CandidateMerge(Base):
    """A reviewer's finding that two resumes are one person: `duplicate_sha256` is counted
    as `primary_sha256` (bias audits count the person once)."""

    __tablename__ = "candidate_merges"

    duplicate_sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    primary_sha256: Mapped[str] = mapped_column(SHA256, index=True)
    merged_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
