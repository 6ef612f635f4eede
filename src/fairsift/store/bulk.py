"""Writes that scale: a batch run's results stored in large transactions, each with one
batch entry in the audit log (see fairsift.store.audit) instead of one entry per row.

The caller gathers finished work first and writes it here in one short transaction: the
chain's lock is held for the write, never for the computing. Idempotent as the single-row
writes are: an assessment stored before (same kind, job, item, configuration) is not
written again, and the rows already there are reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from fairsift.domain import Document
from fairsift.privacy.identity import Identity
from fairsift.store import audit
from fairsift.store.base import StoreBase
from fairsift.store.models import Assessment, utcnow
from fairsift.store.models import Document as DocumentRow
from fairsift.store.models_people import AlternativeRequest, CandidateContact
from fairsift.store.models_review import DocumentText

__all__ = ["BulkMixin", "NewAssessment", "Screened", "document_values"]

KINDS: Final = ("screening", "triage")


@dataclass(frozen=True)
class NewAssessment:
    """One assessment to store (the arguments of `Store.put_assessment`)."""

    kind: str
    job_sha256: str | None
    item_sha256: str
    source: str
    config_sha256: str
    payload: Mapping[str, Any]
    provenance: Mapping[str, Any]
    score: float | None = None
    rank: int | None = None
    error: str | None = None

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        return self.kind, self.job_sha256, self.item_sha256, self.config_sha256


@dataclass(frozen=True)
class Screened:
    """One screened file: what intake made of it, its text and blind text (for evidence in
    place), the contact details read from it (for the private table), its assessments."""

    document: Document
    text: str
    blind: str
    who: Identity | None = None
    assessments: Sequence[NewAssessment] = field(default_factory=tuple)


def document_values(document: Document) -> dict[str, Any]:
    return {
        "sha256": document.sha256,
        "source": document.source,
        "name": Path(document.source).name,
        "media_type": document.media_type,
        "size": document.size,
        "pages": document.pages,
        "findings": [finding.to_dict() for finding in document.findings],
    }


class BulkMixin(StoreBase):
    def put_assessments(self, items: Sequence[NewAssessment]) -> list[int | None]:
        """Store many assessments in one transaction and one batch audit entry; returns, for
        each, its new id, or None if its key was stored before (or earlier in `items`)."""
        _check_kinds(items)
        with self.audited_batch() as session:
            return self._assessments(session, items)

    def put_screened(self, items: Sequence[Screened]) -> list[int | None]:
        """Store screened files (documents, texts, contact details, assessments) in one
        transaction and one batch audit entry; returns the assessments' ids as
        `put_assessments` does, in order. Requests for an alternative process made with the
        same contact details are linked to these candidates, audited as `link_requests_to`."""
        assessments = [a for item in items for a in item.assessments]
        _check_kinds(assessments)
        with self.audited_batch() as session:
            self._documents(session, [item.document for item in items])
            self._texts(session, items)
            people = {
                item.document.sha256: item.who
                for item in items
                if item.who is not None and not item.who.is_empty()
            }
            self._contacts(session, people)
            self._link_requests(session, people)
            return self._assessments(session, assessments)

    # -- the parts, inside the caller's transaction -----------------------------------------

    def _documents(self, session: Session, documents: Sequence[Document]) -> None:
        if not documents:
            return
        table = DocumentRow.__table__
        rows = {d.sha256: {**document_values(d), "created_at": utcnow()} for d in documents}
        statement = self._insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.sha256],
            set_={k: statement.excluded[k] for k in document_values(documents[0])},
        )
        session.execute(statement, list(rows.values()))

    def _texts(self, session: Session, items: Sequence[Screened]) -> None:
        rows = {
            item.document.sha256: {
                "sha256": item.document.sha256,
                "text": item.text,
                "blind_text": item.blind,
                "created_at": utcnow(),
            }
            for item in items
        }
        if rows:
            statement = self._insert(DocumentText.__table__).on_conflict_do_nothing()
            session.execute(statement, list(rows.values()))

    def _contacts(self, session: Session, people: Mapping[str, Identity]) -> None:
        if not people:
            return
        table = CandidateContact.__table__
        statement = self._insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.candidate_sha256],
            set_={k: statement.excluded[k] for k in ("name", "emails", "phones")},
        )
        rows = [
            {
                "candidate_sha256": sha,
                "name": who.name,
                "emails": list(who.emails),
                "phones": list(who.phones),
                "created_at": utcnow(),
            }
            for sha, who in people.items()
        ]
        session.execute(statement, rows)

    def _link_requests(self, session: Session, people: Mapping[str, Identity]) -> None:
        from fairsift.store.rights import _contact_matches

        if not people:
            return
        unlinked = session.execute(
            select(AlternativeRequest).where(AlternativeRequest.candidate_sha256.is_(None))
        ).scalars()
        for row in unlinked:
            sha = next((s for s, who in people.items() if _contact_matches(row.contact, who)), None)
            if sha is None:
                continue
            row.candidate_sha256 = sha
            details = {"linked_to": sha, "by": "same contact details"}
            subject = f"alternative:{row.id}"
            audit.append(session, "alternative_request", "fairsift", subject, details)

    def _assessments(self, session: Session, items: Sequence[NewAssessment]) -> list[int | None]:
        from fairsift.store.review import payload_sha256

        out: list[int | None] = [None] * len(items)
        first: dict[tuple[str, str | None, str, str], int] = {}
        for index, item in enumerate(items):
            first.setdefault(item.key, index)
        stored = _stored_keys(session, list(first))
        fresh = [index for key, index in first.items() if key not in stored]
        ids: dict[tuple[str, str | None, str, str], int] = {}
        if fresh:
            # Plain multi-row INSERTs, then the new ids read back by key: half the client's
            # work of INSERT .. RETURNING. The chain's lock, held since the check above, keeps
            # every other audited writer out meanwhile; ON CONFLICT guards against the rest.
            statement = self._insert(Assessment.__table__).on_conflict_do_nothing()
            session.execute(statement, [_assessment_row(items[i]) for i in fresh])
            ids = _stored_keys(session, [items[i].key for i in fresh])
        for index in sorted(fresh):  # recorded in the order given
            item = items[index]
            new_id = ids.get(item.key)
            if new_id is None:
                continue
            out[index] = new_id
            details = {
                "assessment_id": new_id,
                "kind": item.kind,
                "job_sha256": item.job_sha256,
                "item_sha256": item.item_sha256,
                "config_sha256": item.config_sha256,
                "score": item.score,
                "error": item.error,
                "payload_sha256": payload_sha256(item.payload),
                "provenance": dict(item.provenance),
            }
            audit.append(session, "assessment", "fairsift", f"assessment:{new_id}", details)
        return out


def _check_kinds(items: Sequence[NewAssessment]) -> None:
    for item in items:
        if item.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {item.kind!r}")


def _assessment_row(item: NewAssessment) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "job_sha256": item.job_sha256,
        "item_sha256": item.item_sha256,
        "source": item.source,
        "config_sha256": item.config_sha256,
        "score": item.score,
        "rank": item.rank,
        "payload": dict(item.payload),
        "provenance": dict(item.provenance),
        "error": item.error,
        "created_at": utcnow(),
    }


def _stored_keys(
    session: Session, keys: list[tuple[str, str | None, str, str]]
) -> dict[tuple[str, str | None, str, str], int]:
    """Which of these assessment keys are in the store already, with their ids."""
    found: dict[tuple[str, str | None, str, str], int] = {}
    wanted = set(keys)
    items = sorted({key[2] for key in keys})
    columns = (Assessment.kind, Assessment.job_sha256, Assessment.item_sha256)
    for start in range(0, len(items), 500):
        query = select(*columns, Assessment.config_sha256, Assessment.id).where(
            Assessment.item_sha256.in_(items[start : start + 500])
        )
        for kind, job, item, config, assessment_id in session.execute(query):
            if (kind, job, item, config) in wanted:
                found[(kind, job, item, config)] = int(assessment_id)
    return found
