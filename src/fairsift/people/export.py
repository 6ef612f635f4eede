"""Access: one zip of everything the store holds about one person, as they are owed it.

    README.txt        what is inside and how to read it
    person.json       who the ID names; contact details read from the resume or given with a
                      request; self-identification for bias audits; requests; merges
    applications.json every assessment (requirements, evidence quotes, score and its
                      arithmetic, provenance) and every decision with its reason, who and when
    documents.json    the stored description of each file (name, type, size, findings)
    texts/            the text read from the resume and its blind version
    files/            the files as uploaded
    report.json       for a reporter: the report, additions, contact, triage and decisions
    audit.json        the audit entries about them, with their hashes

Nothing about anyone else: only rows found from this person's ID are read. The export is
itself recorded in the audit log (that it happened, never what it held).
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fairsift.errors import InputError
from fairsift.people.subject import Subject, find_subject
from fairsift.store import Store, audit
from fairsift.store.models import Assessment, Job
from fairsift.store.models import Document as DocumentRow
from fairsift.store.models_people import AlternativeRequest, CandidateContact, CandidateMerge
from fairsift.store.models_review import (
    AuditEntry,
    AuditItem,
    DecisionRow,
    Demographic,
    DocumentText,
    Report,
    ReportAddition,
    ReportAssessment,
    ReporterContact,
)

__all__ = ["export_person", "gather"]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


def export_person(store: Store, person_id: str, output: Path, actor: str) -> dict[str, int]:
    """Write the zip to `output`; returns counts of what it holds."""
    with store.audited_write() as session:
        subject = find_subject(session, person_id)
        parts = gather(session, subject)
        audit.append(
            session,
            "people_export",
            actor,
            f"candidate:{subject.key}" if subject.kind == "candidate" else subject.key,
            {"parts": sorted(parts)},
        )
    files = [Path(p) for p in subject.files if Path(p).is_file()]
    try:
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", _readme(subject))
            for name, content in parts.items():
                archive.writestr(name, content)
            for path in files:
                archive.write(path, f"files/{path.name}")
    except OSError as exc:
        raise InputError(
            f"cannot write {output}: {exc.strerror}", "Choose a writable path"
        ) from None
    return {
        "applications": len(subject.assessments),
        "decisions": len(subject.decisions),
        "files": len(files),
        "audit_entries": len(subject.audit_entries) + len(subject.audit_items),
        "reports": len(subject.reports),
    }


def gather(session: Session, subject: Subject) -> dict[str, str]:
    """The zip's text members (name -> content) for one person."""
    parts: dict[str, str] = {}
    sha = subject.candidate_sha256
    person: dict[str, Any] = {"kind": subject.kind, "id": subject.key}
    if sha is not None:
        contact = session.get(CandidateContact, sha)
        if contact is not None:
            person["read_from_resume"] = {
                "name": contact.name,
                "emails": contact.emails,
                "phones": contact.phones,
            }
        demo = session.get(Demographic, sha)
        if demo is not None:
            person["self_identification"] = {"sex": demo.sex, "race_ethnicity": demo.race_ethnicity}
        person["merged"] = [
            {"duplicate": m.duplicate_sha256, "counted_as": m.primary_sha256, "by": m.merged_by}
            for m in session.execute(select(CandidateMerge)).scalars()
            if sha in (m.duplicate_sha256, m.primary_sha256)
        ]
    person["requests"] = [
        {
            "id": r.id,
            "kind": r.kind,
            "message": r.message,
            "contact": r.contact,
            "status": r.status,
            "resolution": r.resolution,
            "resolved_by": r.resolved_by,
            "created_at": r.created_at,
        }
        for r in session.execute(
            select(AlternativeRequest).where(AlternativeRequest.id.in_(subject.requests or [-1]))
        ).scalars()
    ]
    parts["person.json"] = _json(person)
    if subject.assessments:
        parts["applications.json"] = _json(_applications(session, subject))
    if sha is not None:
        docs = session.execute(select(DocumentRow).where(DocumentRow.sha256 == sha)).scalars()
        parts["documents.json"] = _json(
            [
                {
                    "sha256": d.sha256,
                    "name": d.name,
                    "media_type": d.media_type,
                    "size": d.size,
                    "pages": d.pages,
                    "findings": d.findings,
                    "created_at": d.created_at,
                }
                for d in docs
            ]
        )
        text = session.get(DocumentText, sha)
        if text is not None:
            parts[f"texts/{sha}.txt"] = text.text
            parts[f"texts/{sha}.blind.txt"] = text.blind_text
    for report_id in subject.reports:
        parts["report.json"] = _json(_report(session, report_id, subject))
    entries = session.execute(
        select(AuditEntry)
        .where(AuditEntry.id.in_(subject.audit_entries or [-1]))
        .order_by(AuditEntry.id)
    ).scalars()
    parts["audit.json"] = _json(
        [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor,
                "event": e.event,
                "subject": e.subject,
                "payload": json.loads(e.payload),
                "hash": e.hash,
                "erased": None if e.erased is None else json.loads(e.erased),
            }
            for e in entries
        ]
        + _items(session, subject)
    )
    return parts


def _items(session: Session, subject: Subject) -> list[dict[str, Any]]:
    """The batch items about them, each with its batch entry's id and time."""
    out = []
    for entry_id, number in subject.audit_items:
        found = session.execute(
            select(AuditItem, AuditEntry.at)
            .join(AuditEntry, AuditEntry.id == AuditItem.entry_id)
            .where(AuditItem.entry_id == entry_id, AuditItem.item == number)
        ).first()
        if found is None:
            continue
        item, at = found
        out.append(
            {
                "id": item.entry_id,
                "item": item.item,
                "at": at,
                "actor": item.actor,
                "event": item.event,
                "subject": item.subject,
                "payload": json.loads(item.payload),
                "hash": item.hash,
                "erased": None if item.erased is None else json.loads(item.erased),
            }
        )
    return out


def _applications(session: Session, subject: Subject) -> list[dict[str, Any]]:
    out = []
    rows = session.execute(
        select(Assessment, Job.title)
        .join(Job, Job.sha256 == Assessment.job_sha256, isouter=True)
        .where(Assessment.id.in_(subject.assessments))
        .order_by(Assessment.id)
    )
    for row, title in rows:
        decisions = session.execute(
            select(DecisionRow)
            .where(DecisionRow.kind == "application", DecisionRow.item_id == row.id)
            .order_by(DecisionRow.id)
        ).scalars()
        out.append(
            {
                "application": row.id,
                "job": title,
                "job_sha256": row.job_sha256,
                "score": row.score,
                "assessment": row.payload,
                "provenance": row.provenance,
                "assessed_at": row.created_at,
                "decisions": [
                    {
                        "decision": d.decision,
                        "reason": d.reason,
                        "by": d.actor,
                        "at": d.created_at,
                    }
                    for d in decisions
                ],
            }
        )
    return out


def _report(session: Session, report_id: int, subject: Subject) -> dict[str, Any]:
    report = session.get(Report, report_id)
    contact = session.get(ReporterContact, report_id)
    triage = session.execute(
        select(ReportAssessment).where(ReportAssessment.report_id == report_id)
    ).scalar()
    additions = session.execute(
        select(ReportAddition)
        .where(ReportAddition.report_id == report_id)
        .order_by(ReportAddition.id)
    ).scalars()
    decisions = session.execute(
        select(DecisionRow).where(DecisionRow.id.in_(subject.decisions or [-1]))
    ).scalars()
    return {
        "report": None
        if report is None
        else {
            "text": report.text,
            "fields": report.fields,
            "status": report.status,
            "received": report.created_at,
        },
        "contact": None if contact is None else contact.contact,
        "additions": [{"text": a.text, "at": a.created_at} for a in additions],
        "triage": None if triage is None else triage.row,
        "decisions": [
            {"decision": d.decision, "reason": d.reason, "by": d.actor, "at": d.created_at}
            for d in decisions
        ],
    }


def _readme(subject: Subject) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    what = "candidate (resume sha256)" if subject.kind == "candidate" else subject.kind
    return (
        f"Everything fairsift holds about one {what}: {subject.key}\n"
        f"Exported {now}.\n\n"
        "person.json        who this is, contact details, self-identification, requests\n"
        "applications.json  each assessment (requirements, evidence, score arithmetic) and\n"
        "                   each decision (what, why, who, when)\n"
        "documents.json     the files' descriptions; texts/ the text read from them\n"
        "files/             the files as uploaded (when the review service kept them)\n"
        "report.json        a report with its additions, triage and decisions\n"
        "audit.json         audit log entries about you, with their hashes: they let you\n"
        "                   check later that the log still holds them unchanged\n\n"
        "The AI's assessment is a recommendation; a person decided. To contest a decision or\n"
        "to ask for erasure, contact the employer or organisation that gave you this file.\n"
    )
