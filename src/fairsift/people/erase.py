"""Erase one person: their rows, their stored files and the payloads of the audit entries
about them, in one transaction; then the database files are scrubbed so that nothing of them
can be read back from the file, its journal or its write-ahead log.

The audit chain still verifies afterwards (see fairsift.store.audit: an erased entry keeps
its hash, says when and by whom, and is vouched for by the erasure entry). Aggregates that no
longer hold the person (bias audits) simply count the people left.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from fairsift.errors import StoreError
from fairsift.people.subject import Subject, find_subject
from fairsift.screening.segments import segment_text
from fairsift.store import Store, audit
from fairsift.store.models import Assessment, Embedding
from fairsift.store.models import Document as DocumentRow
from fairsift.store.models_people import AlternativeRequest, CandidateContact, CandidateMerge
from fairsift.store.models_review import (
    DecisionRow,
    Demographic,
    DocumentText,
    IngestItem,
    Receipt,
    Report,
    ReportAddition,
    ReportAssessment,
    ReporterContact,
)
from fairsift.store.scrub import current_xid, shred_file

__all__ = ["ErasureResult", "erase_person", "erase_subject"]


@dataclass(frozen=True)
class ErasureResult:
    kind: str
    rows: dict[str, int]
    audit_entries: int
    erasure_entry: int | None
    files: int
    scrub: tuple[str, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        out = [f"erased a {self.kind}: " + ", ".join(f"{n} {t}" for t, n in self.rows.items() if n)]
        out.append(f"{self.audit_entries} audit entries erased (hashes kept), {self.files} files")
        out.extend(self.scrub)
        return out


def erase_person(
    store: Store,
    person_id: str,
    actor: str,
    reason: str = "erasure request",
    upload_roots: Iterable[Path] = (),
) -> ErasureResult:
    """Erase everything held about the person `person_id` names (resume sha256 or receipt
    code). `upload_roots`: folders where the service keeps uploads (files under
    <root>/<sha[:2]>/<sha>/ are shredded too)."""
    with store.audited_write() as session:
        subject = find_subject(session, person_id)
        rows, entry, erased = erase_subject(session, subject, actor, reason)
        xid = current_xid(session.connection())
    files = _shred(subject, upload_roots)
    scrub = store.scrub([t for t, n in rows.items() if n] + ["audit_log"], xid)
    return ErasureResult(subject.kind, rows, erased, entry, files, tuple(scrub))


def erase_subject(
    session: Session, subject: Subject, actor: str, reason: str
) -> tuple[dict[str, int], int | None, int]:
    """Delete the person's rows and erase the audit entries about them, in `session`'s
    audited write transaction. Returns (rows deleted per table, erasure entry id, entries)."""
    rows: dict[str, int] = {}

    def gone(model: type, *conditions: object) -> None:
        result = session.execute(delete(model).where(*conditions))  # type: ignore[arg-type]
        name = str(model.__tablename__)  # type: ignore[attr-defined]
        rows[name] = rows.get(name, 0) + int(result.rowcount or 0)  # type: ignore[attr-defined]

    if subject.decisions:
        gone(DecisionRow, DecisionRow.id.in_(subject.decisions))
    if subject.ingest_items:
        gone(IngestItem, IngestItem.id.in_(subject.ingest_items))
    if subject.requests:
        gone(AlternativeRequest, AlternativeRequest.id.in_(subject.requests))
    sha = subject.candidate_sha256
    if sha is not None:
        gone(Assessment, Assessment.item_sha256 == sha, Assessment.kind == "screening")
        gone(DocumentRow, DocumentRow.sha256 == sha)
        hashes = _segment_hashes(session, sha)
        for start in range(0, len(hashes), 500):
            gone(Embedding, Embedding.text_sha256.in_(hashes[start : start + 500]))
        gone(DocumentText, DocumentText.sha256 == sha)
        gone(Demographic, Demographic.candidate_sha256 == sha)
        gone(CandidateContact, CandidateContact.candidate_sha256 == sha)
        gone(
            CandidateMerge,
            or_(CandidateMerge.duplicate_sha256 == sha, CandidateMerge.primary_sha256 == sha),
        )
    for report_id in subject.reports:
        gone(ReportAddition, ReportAddition.report_id == report_id)
        gone(ReportAssessment, ReportAssessment.report_id == report_id)
        gone(Receipt, Receipt.report_id == report_id)
        gone(ReporterContact, ReporterContact.report_id == report_id)
        gone(Report, Report.id == report_id)
    session.flush()
    try:
        entry = audit.erase(session, subject.audit_entries, actor, reason, subject.audit_items)
    except ValueError as exc:  # an entry about them was tampered with: say so, erase nothing
        raise StoreError(str(exc), "Run `fairsift audit verify` and resolve that first") from exc
    erased = 0
    if entry is not None:
        erased = len(subject.audit_entries) + len(subject.audit_items)
    return rows, entry, erased


def _segment_hashes(session: Session, sha: str) -> list[str]:
    """The sha256 of every piece of the resume the screener encoded (its text and its blind
    text, cut as screening cuts them): the store's embedding cache keys their vectors by these,
    and a vector of someone's words is theirs too. A piece another resume shares (a skill line)
    loses its vector as well; it is simply encoded again when next needed."""
    found = session.execute(
        select(DocumentText.text, DocumentText.blind_text).where(DocumentText.sha256 == sha)
    ).first()
    if found is None:
        return []
    pieces = {s.text for text in found for s in segment_text(text or "")}
    return sorted(hashlib.sha256(p.encode("utf-8")).hexdigest() for p in pieces)


def _shred(subject: Subject, roots: Iterable[Path]) -> int:
    paths = {Path(p) for p in subject.files}
    sha = subject.candidate_sha256
    if sha is not None:
        for root in roots:
            folder = Path(root) / sha[:2] / sha
            if folder.is_dir():
                paths.update(p for p in folder.rglob("*") if p.is_file())
    return sum(shred_file(path) for path in sorted(paths))
