"""What reviewers and auditors read and record: assessments by id, document texts for
evidence, decisions with their reasons, demographics for bias audits, and the audit log.

Demographics are reachable only through `put_demographic` and `demographics`; the service
lets no reviewer call the second. Decisions need a reason: a person decides, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from fairsift.errors import InputError
from fairsift.store import audit
from fairsift.store.audit import AuditRecord, Problem
from fairsift.store.base import StoreBase
from fairsift.store.crosscheck import check_records
from fairsift.store.models import Assessment, utcnow
from fairsift.store.models_review import DecisionRow, Demographic, DocumentText, Report

__all__ = ["DECISIONS", "ReviewMixin"]

DECISIONS: Final = {
    "application": ("advance", "reject", "hold"),
    "report": ("route", "escalate", "close", "malicious"),
}
MAX_REASON: Final = 4000


def _assessment_dict(row: Assessment) -> dict[str, Any]:
    return {
        **dict(row.payload),
        "id": row.id,
        "kind": row.kind,
        "job_sha256": row.job_sha256,
        "item_sha256": row.item_sha256,
        "config_sha256": row.config_sha256,
        "provenance": dict(row.provenance),
        "created_at": row.created_at.isoformat(),
    }


def _decision_dict(row: DecisionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "item_id": row.item_id,
        "assessment_id": row.assessment_id,
        "decision": row.decision,
        "reason": row.reason,
        "actor": row.actor,
        "created_at": row.created_at.isoformat(),
    }


def check_decision(kind: str, decision: str, reason: str) -> str:
    """The reason, trimmed; raises InputError for a decision that does not exist for this
    kind of item or for a missing reason."""
    if kind not in DECISIONS:
        raise InputError(f"nothing to decide on a {kind!r}", "Decide on an application or a report")
    if decision not in DECISIONS[kind]:
        raise InputError(
            f"{decision!r} is not a decision on an {kind}"
            if kind == "application"
            else f"{decision!r} is not a decision on a {kind}",
            f"Choose one of: {', '.join(DECISIONS[kind])}",
        )
    clean = reason.strip()
    if not clean:
        raise InputError("a decision needs a reason", "Say in a sentence why you decided so")
    if len(clean) > MAX_REASON:
        raise InputError(
            f"the reason has {len(clean):,} characters; at most {MAX_REASON:,} are kept",
            "Shorten it",
        )
    return clean


class ReviewMixin(StoreBase):
    # -- assessments and document texts ----------------------------------------------------

    def assessment_by_id(self, assessment_id: int) -> dict[str, Any] | None:
        """An assessment's payload with its id, kind, job, keys, provenance and time."""
        with self.read() as session:
            row = session.get(Assessment, assessment_id)
            return None if row is None else _assessment_dict(row)

    def list_assessments(
        self,
        kind: str,
        job_sha256: str | None = None,
        limit: int = 100,
        offset: int = 0,
        search: str | None = None,
    ) -> list[dict[str, Any]]:
        """Assessments of `kind`, best score first (no score last), then oldest first.
        `search` matches the source (file name), case-insensitively."""
        query = select(Assessment).where(Assessment.kind == kind)
        if job_sha256 is not None:
            query = query.where(Assessment.job_sha256 == job_sha256)
        if search:
            query = query.where(Assessment.source.icontains(search, autoescape=True))
        query = query.order_by(Assessment.score.desc().nulls_last(), Assessment.id)
        with self.read() as session:
            rows = session.execute(query.limit(limit).offset(offset)).scalars()
            return [_assessment_dict(row) for row in rows]

    def put_document_text(self, sha256: str, text: str, blind_text: str) -> None:
        """Keep a document's text and blind text for showing evidence; a text stored before
        is kept (the same sha256 is the same file)."""
        table = DocumentText.__table__
        statement = self._insert(table).values(
            sha256=sha256, text=text, blind_text=blind_text, created_at=utcnow()
        )
        with self.write() as session:
            session.execute(statement.on_conflict_do_nothing())

    def document_text(self, sha256: str) -> tuple[str, str] | None:
        """(text, blind text) of a document, or None."""
        with self.read() as session:
            row = session.get(DocumentText, sha256)
            return None if row is None else (row.text, row.blind_text)

    # -- decisions -------------------------------------------------------------------------

    def put_decision(
        self,
        kind: str,
        item_id: int,
        assessment_id: int | None,
        decision: str,
        reason: str,
        actor: str,
    ) -> int:
        """Record a person's decision on an application (item_id: its assessment id) or a
        report (item_id: the report id); returns the decision's id. A report's status becomes
        the decision. Raises InputError for an unknown decision or item, or no reason."""
        clean = check_decision(kind, decision, reason)
        with self.audited_write() as session:
            self._check_item(session, kind, item_id, decision)
            row = DecisionRow(
                kind=kind,
                item_id=item_id,
                assessment_id=assessment_id,
                decision=decision,
                reason=clean,
                actor=actor,
                created_at=utcnow(),
            )
            session.add(row)
            session.flush()
            details = {
                "decision_id": row.id,
                "decision": decision,
                "reason": clean,
                "assessment_id": assessment_id,
            }
            audit.append(session, "decision", actor, f"{kind}:{item_id}", details)
            return row.id

    def _check_item(self, session: Session, kind: str, item_id: int, decision: str) -> None:
        if kind == "application":
            found = session.get(Assessment, item_id)
            if found is None or found.kind != "screening":
                raise InputError(f"no application {item_id}", "Find it in the application queue")
            return
        report = session.get(Report, item_id)
        if report is None:
            raise InputError(f"no report {item_id}", "Find it in the report queue")
        report.status = decision  # the queue shows where a report stands

    def decisions_for(self, kind: str, item_id: int) -> list[dict[str, Any]]:
        """Every decision on one item, oldest first (the last one stands)."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.kind == kind, DecisionRow.item_id == item_id)
            .order_by(DecisionRow.id)
        )
        with self.read() as session:
            return [_decision_dict(row) for row in session.execute(query).scalars()]

    def all_decisions(self, kind: str) -> list[dict[str, Any]]:
        """Every decision of a kind, oldest first, for bias audits: for applications the
        candidate's sha256, whether they were selected (advanced) and their score."""
        if kind != "application":
            with self.read() as session:
                rows = session.execute(
                    select(DecisionRow).where(DecisionRow.kind == kind).order_by(DecisionRow.id)
                ).scalars()
                return [
                    {**_decision_dict(row), "candidate_sha256": None, "selected": False}
                    for row in rows
                ]
        query = (
            select(DecisionRow, Assessment.item_sha256, Assessment.score)
            .join(Assessment, Assessment.id == DecisionRow.item_id, isouter=True)
            .where(DecisionRow.kind == kind)
            .order_by(DecisionRow.id)
        )
        with self.read() as session:
            return [
                {
                    **_decision_dict(row),
                    "candidate_sha256": sha,
                    "selected": row.decision == "advance",
                    "score": score,
                }
                for row, sha, score in session.execute(query)
            ]

    # -- demographics ----------------------------------------------------------------------

    def put_demographic(
        self, candidate_sha256: str, sex: str | None, race_ethnicity: str | None, actor: str
    ) -> None:
        """A candidate's self-identification (replacing any before). The audit entry says
        that one was stored, never what it says."""
        with self.audited_write() as session:
            row = session.get(Demographic, candidate_sha256)
            if row is None:
                row = Demographic(candidate_sha256=candidate_sha256, created_at=utcnow())
                session.add(row)
            row.sex = sex
            row.race_ethnicity = race_ethnicity
            row.created_at = utcnow()
            audit.append(session, "config_change", actor, "demographics", {"action": "store"})

    def demographics(self) -> list[dict[str, Any]]:
        with self.read() as session:
            rows = session.execute(
                select(Demographic).order_by(Demographic.candidate_sha256)
            ).scalars()
            return [
                {
                    "candidate_sha256": row.candidate_sha256,
                    "sex": row.sex,
                    "race_ethnicity": row.race_ethnicity,
                }
                for row in rows
            ]

    # -- audit log -------------------------------------------------------------------------

    def append_audit(
        self,
        event: str,
        actor: str,
        subject: str,
        payload: Mapping[str, Any],
        session: Session | None = None,
    ) -> int:
        """Append an entry; inside `session` (from `audited_write()`) it commits with the
        rest of that transaction, otherwise in its own."""
        if session is not None:
            return audit.append(session, event, actor, subject, payload)
        with self.audited_write() as own:
            return audit.append(own, event, actor, subject, payload)

    def verify_audit(
        self, anchor: tuple[int, str] | None = None, records: bool = True
    ) -> list[Problem]:
        """Problems in the audit chain (see fairsift.store.audit) and, with `records`, in the
        decisions and assessments it vouches for (see fairsift.store.crosscheck), by entry id
        (0: a record no entry vouches for). Empty when all is intact."""
        with self.read() as session:
            if self.dialect == "postgresql":  # one snapshot for every query, while others write
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            problems = audit.verify(session, anchor)
            if records:
                problems += check_records(session)
        return sorted(problems, key=lambda problem: problem.entry_id)

    def audit_head(self) -> tuple[int, str] | None:
        with self.read() as session:
            return audit.head(session)

    def audit_entries(
        self, limit: int = 100, offset: int = 0, event: str | None = None
    ) -> list[dict[str, Any]]:
        """Entries newest first, payloads parsed."""
        with self.read() as session:
            return [e.to_dict() for e in audit.entries(session, limit, offset, event)]

    def audit_records(self, limit: int = 100, offset: int = 0) -> list[AuditRecord]:
        with self.read() as session:
            return audit.entries(session, limit, offset)


def payload_sha256(payload: Mapping[str, Any]) -> str:
    """The sha256 an assessment's audit entry records for its payload."""
    return audit.digest(dict(payload))
