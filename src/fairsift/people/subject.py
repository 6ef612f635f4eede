"""Everything the store holds about one person, found from their ID: a candidate's resume
sha256 (every application made with that resume, and every resume merged into it is a person
of its own and keeps its own ID) or a reporter's receipt code (their report).

The audit entries about a person are those whose subject names one of their rows:
`assessment:ID` and `application:ID` for their applications, `report:ID` for their report,
`alternative:ID` for their requests, `candidate:SHA` for a merge; and the items of batch
entries that do (a batch entry itself holds only hashes, never anything about a person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fairsift.errors import InputError
from fairsift.store.models import Assessment
from fairsift.store.models import Document as DocumentRow
from fairsift.store.models_people import AlternativeRequest, CandidateContact, CandidateMerge
from fairsift.store.models_review import (
    AuditEntry,
    AuditItem,
    DecisionRow,
    Demographic,
    IngestItem,
    Receipt,
)
from fairsift.store.rights import code_digest

__all__ = ["Subject", "find_subject", "receipt_digest"]

_SHA = re.compile(r"^[0-9a-fA-F]{64}$")
ID_HINT = "Give the resume's sha256 (the sha256 column of `fairsift screen`) or a receipt code"


def receipt_digest(code: str) -> str:
    from fairsift.store.reports import _receipt_digest  # the one spelling receipts are kept in

    return str(_receipt_digest(code))


@dataclass(frozen=True)
class Subject:
    """One person's rows, by table. `kind` is "candidate" or "reporter"."""

    kind: str
    key: str  # the resume sha256, or "report:ID"
    assessments: tuple[int, ...] = ()
    decisions: tuple[int, ...] = ()
    reports: tuple[int, ...] = ()
    requests: tuple[int, ...] = ()
    ingest_items: tuple[int, ...] = ()
    audit_entries: tuple[int, ...] = ()
    audit_items: tuple[tuple[int, int], ...] = ()  # (batch entry id, item) about them
    files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def candidate_sha256(self) -> str | None:
        return self.key if self.kind == "candidate" else None


def find_subject(session: Session, person_id: str) -> Subject:
    """The person an ID names, with every row about them. Raises InputError if none."""
    raw = person_id.strip()
    if re.fullmatch(r"report:\d+", raw):  # a report by its number (admins, retention)
        return _reporter(session, int(raw.split(":")[1]))
    if _SHA.match(raw):
        return _candidate(session, raw.lower())
    report_id = session.execute(
        select(Receipt.report_id).where(Receipt.sha256 == receipt_digest(raw))
    ).scalar()
    if report_id is not None:
        return _reporter(session, int(report_id))
    request = session.execute(
        select(AlternativeRequest.id).where(AlternativeRequest.code_sha256 == code_digest(raw))
    ).scalar()
    if request is not None:
        return _requester(session, int(request))
    raise InputError(f"nobody in the store has the ID {raw[:80]!r}", ID_HINT)


def _candidate(session: Session, sha: str) -> Subject:
    assessments = [
        int(i)
        for i in session.execute(
            select(Assessment.id).where(
                Assessment.item_sha256 == sha, Assessment.kind == "screening"
            )
        ).scalars()
    ]
    known = (
        bool(assessments)
        or session.execute(select(DocumentRow.id).where(DocumentRow.sha256 == sha)).first()
        is not None
    )
    requests = [
        int(i)
        for i in session.execute(
            select(AlternativeRequest.id).where(AlternativeRequest.candidate_sha256 == sha)
        ).scalars()
    ]
    merged = session.execute(
        select(CandidateMerge.duplicate_sha256).where(
            or_(CandidateMerge.duplicate_sha256 == sha, CandidateMerge.primary_sha256 == sha)
        )
    ).first()
    held_apart = any(
        session.get(model, sha) is not None for model in (CandidateContact, Demographic)
    )
    if not (known or requests or merged or held_apart):
        raise InputError(
            f"no candidate with the resume sha256 {sha[:12]}… is in the store", ID_HINT
        )
    decisions = [
        int(i)
        for i in session.execute(
            select(DecisionRow.id).where(
                DecisionRow.kind == "application", DecisionRow.item_id.in_(assessments or [-1])
            )
        ).scalars()
    ]
    items, files = [], []
    for item_id, payload in session.execute(
        select(IngestItem.id, IngestItem.payload).where(IngestItem.kind == "application")
    ):
        if isinstance(payload, dict) and payload.get("sha256") == sha:
            items.append(int(item_id))
            if payload.get("path"):
                files.append(str(payload["path"]))
    subjects = (
        [f"assessment:{i}" for i in assessments]
        + [f"application:{i}" for i in assessments]
        + [f"alternative:{i}" for i in requests]
        + [f"candidate:{sha}"]
    )
    return Subject(
        kind="candidate",
        key=sha,
        assessments=tuple(assessments),
        decisions=tuple(decisions),
        requests=tuple(requests),
        ingest_items=tuple(items),
        audit_entries=_entries_about(session, subjects, sha),
        audit_items=_items_about(session, subjects, sha),
        files=tuple(sorted(set(files))),
    )


def _reporter(session: Session, report_id: int) -> Subject:
    decisions = [
        int(i)
        for i in session.execute(
            select(DecisionRow.id).where(
                DecisionRow.kind == "report", DecisionRow.item_id == report_id
            )
        ).scalars()
    ]
    items = [
        int(item_id)
        for item_id, payload in session.execute(
            select(IngestItem.id, IngestItem.payload).where(IngestItem.kind == "report")
        )
        if isinstance(payload, dict) and payload.get("report_id") == report_id
    ]
    return Subject(
        kind="reporter",
        key=f"report:{report_id}",
        decisions=tuple(decisions),
        reports=(report_id,),
        ingest_items=tuple(items),
        audit_entries=_entries_about(session, [f"report:{report_id}"], None),
        audit_items=_items_about(session, [f"report:{report_id}"], None),
    )


def _requester(session: Session, request_id: int) -> Subject:
    row = session.get(AlternativeRequest, request_id)
    if row is not None and row.candidate_sha256:
        return _candidate(session, row.candidate_sha256)
    return Subject(
        kind="requester",
        key=f"alternative:{request_id}",
        requests=(request_id,),
        audit_entries=_entries_about(session, [f"alternative:{request_id}"], None),
        audit_items=_items_about(session, [f"alternative:{request_id}"], None),
    )


def _entries_about(session: Session, subjects: list[str], sha: str | None) -> tuple[int, ...]:
    found: set[int] = set()
    kept = AuditEntry.event.not_in(("erasure", "retention", "batch"))  # they vouch, hold no data
    for start in range(0, len(subjects), 500):
        chunk = subjects[start : start + 500]
        query = select(AuditEntry.id).where(AuditEntry.subject.in_(chunk), kept)
        found.update(int(i) for i in session.execute(query).scalars())
    if sha is not None:  # entries that name the resume in their payload (a link, a merge)
        query = select(AuditEntry.id).where(AuditEntry.payload.contains(sha), kept)
        found.update(int(i) for i in session.execute(query).scalars())
    return tuple(sorted(found))


def _items_about(
    session: Session, subjects: list[str], sha: str | None
) -> tuple[tuple[int, int], ...]:
    """The batch items about them, as `_entries_about` finds entries."""
    found: set[tuple[int, int]] = set()
    place = (AuditItem.entry_id, AuditItem.item)
    for start in range(0, len(subjects), 500):
        query = select(*place).where(AuditItem.subject.in_(subjects[start : start + 500]))
        found.update((int(e), int(i)) for e, i in session.execute(query))
    if sha is not None:
        query = select(*place).where(AuditItem.payload.contains(sha))
        found.update((int(e), int(i)) for e, i in session.execute(query))
    return tuple(sorted(found))
