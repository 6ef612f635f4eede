"""What reviewers and auditors read and record: assessments by id, document texts for
evidence, decisions with their reasons, demographics for bias audits, and the audit log.

Demographics are reachable only through `put_demographic` and `demographics`; the service
lets no reviewer call the second. Decisions need a reason: a person decides, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fairsift.errors import Conflict, InputError
from fairsift.store import audit
from fairsift.store.audit import AuditRecord, ItemRecord, Problem
from fairsift.store.base import StoreBase
from fairsift.store.crosscheck import check_records
from fairsift.store.models import Assessment, Job, utcnow
from fairsift.store.models_review import (
    CategoryReview,
    DecisionRow,
    Demographic,
    DocumentText,
    IngestItem,
    Report,
    ReportAssessment,
    ReportReply,
)

__all__ = ["DECISIONS", "OPEN_STATUSES", "REPORT_STATUSES", "ReviewMixin", "WorkflowMixin"]

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
            return self._decide(session, kind, item_id, assessment_id, decision, clean, actor)

    def _decide(
        self,
        session: Session,
        kind: str,
        item_id: int,
        assessment_id: int | None,
        decision: str,
        reason: str,
        actor: str,
        **extra: Any,
    ) -> int:
        """One checked decision and its audit entry, inside the caller's transaction."""
        self._check_item(session, kind, item_id, decision)
        row = DecisionRow(
            kind=kind,
            item_id=item_id,
            assessment_id=assessment_id,
            decision=decision,
            reason=reason,
            actor=actor,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        details = {
            "decision_id": row.id,
            "decision": decision,
            "reason": reason,
            "assessment_id": assessment_id,
            **extra,
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
        return sorted(problems, key=lambda problem: problem.order)

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

    def audit_items(
        self, entry_id: int | None = None, limit: int = 1000, offset: int = 0
    ) -> list[ItemRecord]:
        """The items of one batch entry (or of all), in the order written."""
        with self.read() as session:
            return audit.items(session, entry_id, limit, offset)


def payload_sha256(payload: Mapping[str, Any]) -> str:
    """The sha256 an assessment's audit entry records for its payload."""
    return audit.digest(dict(payload))


REPORT_STATUSES: Final = (
    "new",
    "triaged",
    "in_progress",
    "route",
    "escalate",
    "close",
    "malicious",
)
# Still on someone's plate: not yet routed, closed or judged malicious. `status="open"` filters
# the report queue to these.
OPEN_STATUSES: Final = ("new", "triaged", "in_progress", "escalate")


class WorkflowMixin(ReviewMixin):
    """The daily work on reports and jobs: assignment, statuses, answers to reporters through
    their receipt, categories a person confirmed or corrected, duplicate groups, decisions on
    many items at once, and jobs archived or named apart. Every change is audited."""

    # -- decisions on many items ------------------------------------------------------------

    def put_decisions(
        self,
        kind: str,
        items: Sequence[tuple[int, int | None]],
        decision: str,
        reason: str,
        actor: str,
    ) -> list[int]:
        """One decision with one reason on each (item id, assessment id), in one transaction:
        all are recorded or none. Each gets its own audit entry."""
        clean = check_decision(kind, decision, reason)
        if not items:
            raise InputError("no items were selected", "Tick the rows to decide on")
        with self.audited_write() as session:
            return [
                self._decide(
                    session, kind, item_id, assessment_id, decision, clean, actor, bulk=len(items)
                )
                for item_id, assessment_id in items
            ]

    # -- reports ----------------------------------------------------------------------------

    def assign_report(self, report_id: int, assignee: str | None, actor: str) -> None:
        """Assign a report to "user:<name>" or "team:<name>" (None: nobody)."""
        with self.audited_write() as session:
            report = _report(session, report_id)
            before = report.assignee
            report.assignee = assignee
            if assignee and report.status in ("new", "triaged"):
                report.status = "in_progress"
            details = {"before": before, "assignee": assignee, "status": report.status}
            audit.append(session, "report_assign", actor, f"report:{report_id}", details)

    def set_report_status(self, report_id: int, status: str, actor: str) -> None:
        if status not in REPORT_STATUSES:
            raise InputError(
                f"{status!r} is not a report status", f"Use one of: {', '.join(REPORT_STATUSES)}"
            )
        with self.audited_write() as session:
            report = _report(session, report_id)
            details = {"before": report.status, "status": status}
            report.status = status
            audit.append(session, "report_status", actor, f"report:{report_id}", details)

    def reply_to_reporter(self, report_id: int, text: str, actor: str) -> int:
        """An answer the reporter reads with their receipt code; returns its id."""
        clean = text.strip()
        if not clean:
            raise InputError("the answer is empty", "Write what the reporter should read")
        if len(clean) > MAX_REASON:
            raise InputError(
                f"the answer has {len(clean):,} characters; at most {MAX_REASON:,} fit",
                "Shorten it",
            )
        with self.audited_write() as session:
            _report(session, report_id)
            reply = ReportReply(report_id=report_id, text=clean, actor=actor, created_at=utcnow())
            session.add(reply)
            session.flush()
            details = {"reply_id": reply.id, "sha256": audit.digest({"text": clean})}
            audit.append(session, "report_reply", actor, f"report:{report_id}", details)
            return reply.id

    def report_replies(self, report_id: int) -> list[dict[str, Any]]:
        query = (
            select(ReportReply).where(ReportReply.report_id == report_id).order_by(ReportReply.id)
        )
        with self.read() as session:
            return [
                {
                    "id": r.id,
                    "text": r.text,
                    "actor": r.actor,
                    "created_at": r.created_at.isoformat(),
                }
                for r in session.execute(query).scalars()
            ]

    def review_categories(
        self, report_id: int, categories: Sequence[str], suggested: Sequence[str], actor: str
    ) -> int:
        """Record the categories a person verified: the same as suggested is a confirmation,
        anything else a correction. Returns the review's id."""
        chosen = sorted({c.strip() for c in categories if c.strip()})
        offered = sorted({c.strip() for c in suggested if c.strip()})
        corrected = chosen != offered
        with self.audited_write() as session:
            _report(session, report_id)
            review = CategoryReview(
                report_id=report_id,
                categories=chosen,
                suggested=offered,
                corrected=corrected,
                actor=actor,
                created_at=utcnow(),
            )
            session.add(review)
            session.flush()
            details = {"review_id": review.id, "categories": chosen, "suggested": offered}
            event = "category_correct" if corrected else "category_confirm"
            audit.append(session, event, actor, f"report:{report_id}", details)
            return review.id

    def category_review(self, report_id: int) -> dict[str, Any] | None:
        """The latest human verification of a report's categories, or None."""
        query = (
            select(CategoryReview)
            .where(CategoryReview.report_id == report_id)
            .order_by(CategoryReview.id.desc())
            .limit(1)
        )
        with self.read() as session:
            row = session.execute(query).scalar()
            return None if row is None else _review_dict(row)

    def category_reviews(self, corrected_only: bool = False) -> list[dict[str, Any]]:
        """The latest review of each report with its text (oldest report first): training
        data for `fairsift train`."""
        latest = (
            select(func.max(CategoryReview.id)).group_by(CategoryReview.report_id).scalar_subquery()
        )
        query = (
            select(CategoryReview, Report.text)
            .join(Report, Report.id == CategoryReview.report_id)
            .where(CategoryReview.id.in_(latest))
            .order_by(CategoryReview.report_id)
        )
        if corrected_only:
            query = query.where(CategoryReview.corrected.is_(True))
        with self.read() as session:
            return [{**_review_dict(row), "text": text} for row, text in session.execute(query)]

    def report_ref(self, ref: str, near: int) -> int | None:
        """The report a triage row's `duplicate_of` names: a report id for reports the
        service triaged, the input's record id (e.g. "t01") for an imported batch; among
        several, the one from the same input as report `near`."""
        with self.read() as session:
            base = session.get(Report, near)
            if base is None:
                return None
            if base.source != "cli" and ref.isdigit():
                return int(ref) if session.get(Report, int(ref)) is not None else None
            found = session.execute(
                select(Report.id, Report.fields)
                .where(Report.source == base.source, Report.fields["id"].as_string() == ref)
                .order_by(Report.id)
            ).all()
        here = _input_file(base.fields)
        same = [rid for rid, fields in found if _input_file(fields) == here]
        choice = same or [rid for rid, _ in found]
        return int(choice[0]) if choice else None

    def duplicate_group(self, report_id: int) -> list[int]:
        """Ids of every report in the same near-duplicate group (itself included), oldest
        received first; [] when it stands alone."""
        with self.read() as session:
            base = session.get(Report, report_id)
            found = session.execute(
                select(ReportAssessment.row).where(ReportAssessment.report_id == report_id)
            ).scalar()
            group = (found or {}).get("duplicate_group")
            if base is None or group is None:
                return []
            query = (
                select(Report.id, Report.fields)
                .join(ReportAssessment, ReportAssessment.report_id == Report.id)
                .where(
                    (Report.source == "cli") == (base.source == "cli"),
                    ReportAssessment.row["duplicate_group"].as_string() == str(group),
                )
                .order_by(func.coalesce(Report.received_at, Report.created_at), Report.id)
            )
            rows = session.execute(query).all()
        if base.source != "cli":  # the service groups by report id across all its sources
            return [int(rid) for rid, _ in rows]
        here = _input_file(base.fields)
        return [int(rid) for rid, fields in rows if _input_file(fields) == here]

    def report_languages(self) -> list[str]:
        """The language codes triage found in reports."""
        query = select(ReportAssessment.language).distinct()
        with self.read() as session:
            return sorted(str(c) for c in session.execute(query).scalars() if c)

    # -- uploads ----------------------------------------------------------------------------

    def job_uploads(self, job_sha256: str) -> dict[str, Any]:
        """Where a job's uploaded resumes stand: counts by status and the failed ones with
        their file name and error, newest first."""
        query = (
            select(IngestItem)
            .where(
                IngestItem.kind == "application",
                IngestItem.idempotency_key.startswith(f"{job_sha256}:", autoescape=True),
            )
            .order_by(IngestItem.id.desc())
        )
        counts = {"pending": 0, "running": 0, "done": 0, "failed": 0}
        failed = []
        with self.read() as session:
            for item in session.execute(query).scalars():
                counts[item.status] = counts.get(item.status, 0) + 1
                if item.status == "failed":
                    failed.append(
                        {
                            "id": item.id,
                            "name": str(item.payload.get("name") or "?"),
                            "error": item.error,
                            "at": (item.finished_at or item.created_at).isoformat(),
                        }
                    )
        return {"counts": counts, "failed": failed, "total": sum(counts.values())}

    # -- jobs -------------------------------------------------------------------------------

    def update_job(
        self,
        sha256: str,
        actor: str,
        label: str | None = None,
        archived: bool | None = None,
    ) -> None:
        """Name a job apart (label) or archive / restore it."""
        with self.audited_write() as session:
            job = session.execute(select(Job).where(Job.sha256 == sha256)).scalar()
            if job is None:
                raise InputError(f"no job {sha256[:12]}", "List the jobs at /jobs")
            details: dict[str, Any] = {}
            if label is not None:
                details["label"] = {"before": job.label, "after": label.strip() or None}
                job.label = label.strip() or None
            if archived is not None:
                job.archived_at = utcnow() if archived else None
                details["archived"] = archived
            audit.append(session, "job_update", actor, f"job:{sha256}", details)

    def delete_job(self, sha256: str, actor: str) -> None:
        """Delete a job nobody was screened against; one with applications is archived
        instead (its decisions are in the audit log)."""
        with self.audited_write() as session:
            job = session.execute(select(Job).where(Job.sha256 == sha256)).scalar()
            if job is None:
                raise InputError(f"no job {sha256[:12]}", "List the jobs at /jobs")
            used = session.execute(
                select(func.count()).select_from(Assessment).where(Assessment.job_sha256 == sha256)
            ).scalar_one()
            if used:
                raise Conflict(
                    f"the job has {used} screened applications and cannot be deleted",
                    "Archive it instead: its decisions stay in the audit log",
                )
            session.delete(job)
            audit.append(session, "job_delete", actor, f"job:{sha256}", {"title": job.title})


def _input_file(fields: Mapping[str, Any]) -> str:
    """The file a CLI-imported report came from ("tips.csv" of "tips.csv:7")."""
    name = str(fields.get("input") or "")
    head, _, tail = name.rpartition(":")
    return head if head and tail.isdigit() else name


def _report(session: Session, report_id: int) -> Report:
    report = session.get(Report, report_id)
    if report is None:
        raise InputError(f"no report {report_id}", "Find it in the report queue")
    return report


def _review_dict(row: CategoryReview) -> dict[str, Any]:
    return {
        "id": row.id,
        "report_id": row.report_id,
        "categories": list(row.categories),
        "suggested": list(row.suggested),
        "corrected": row.corrected,
        "actor": row.actor,
        "created_at": row.created_at.isoformat(),
    }
