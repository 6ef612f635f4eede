"""Retention: erase the people whose data is past the period set for their queue.

A candidate's age is counted from their last activity (their latest assessment or decision);
they go when every application of theirs is past its queue's period ("job:<sha256>" first,
then "applications"). A reporter goes when their report is past "reports". A queue without a
period keeps its people. Erasure is `fairsift.people.erase`, with one exception the law asks
for: audit entries younger than `audit_log_days` (at least six months) keep their contents
and are erased by a later run. A dry run lists, erases nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, tuple_

from fairsift.config import Settings
from fairsift.people.erase import _shred, erase_subject
from fairsift.people.subject import find_subject
from fairsift.store import Store, audit
from fairsift.store.models import Assessment, utcnow
from fairsift.store.models_review import (
    AuditEntry,
    AuditItem,
    DecisionRow,
    Report,
    ReportAssessment,
)
from fairsift.store.scrub import current_xid

__all__ = ["Expired", "RetentionReport", "expired", "run_retention"]


@dataclass(frozen=True)
class Expired:
    kind: str  # "candidate" or "reporter"
    key: str  # resume sha256 or "report:ID"
    queue: str
    last_activity: datetime
    days: int


@dataclass(frozen=True)
class RetentionReport:
    dry_run: bool
    expired: tuple[Expired, ...]
    audit_entries_erased: int = 0
    audit_entries_kept: int = 0
    scrub: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        verb = "would erase" if self.dry_run else "erased"
        out = [
            f"{verb} {e.kind} {e.key[:16]} (queue {e.queue}, {e.days} days; last activity "
            f"{e.last_activity.date().isoformat()})"
            for e in self.expired
        ]
        out.append(f"{len(self.expired)} people {verb}")
        if not self.dry_run:
            out.append(
                f"{self.audit_entries_erased} audit entries erased; {self.audit_entries_kept} "
                "kept whole until they are old enough"
            )
            out.extend(self.scrub)
        return out


def expired(store: Store, settings: Settings, now: datetime | None = None) -> list[Expired]:
    periods = settings.retention_days
    now = now or utcnow()
    found: list[Expired] = []
    with store.read() as session:
        last_decision = dict(
            session.execute(
                select(DecisionRow.item_id, func.max(DecisionRow.created_at))
                .where(DecisionRow.kind == "application")
                .group_by(DecisionRow.item_id)
            ).all()
        )
        people: dict[str, list[tuple[str, datetime, int | None]]] = {}
        for row in session.execute(
            select(
                Assessment.id, Assessment.item_sha256, Assessment.job_sha256, Assessment.created_at
            ).where(Assessment.kind == "screening")
        ):
            queue = (
                f"job:{row.job_sha256}" if f"job:{row.job_sha256}" in periods else "applications"
            )
            last = max(row.created_at, last_decision.get(row.id) or row.created_at)
            people.setdefault(row.item_sha256, []).append((queue, last, periods.get(queue)))
        for sha, apps in sorted(people.items()):
            if all(
                days is not None and now - last > timedelta(days=days) for _, last, days in apps
            ):
                queue, last, days = max(apps, key=lambda a: a[1])
                assert days is not None
                found.append(Expired("candidate", sha, queue, last, days))
        days = periods.get("reports")
        if days is not None:
            cutoff = now - timedelta(days=days)
            for report_id, created in session.execute(
                select(Report.id, Report.created_at)
                .where(Report.created_at < cutoff)
                .order_by(Report.id)
            ):
                found.append(Expired("reporter", f"report:{report_id}", "reports", created, days))
    return found


def run_retention(
    store: Store,
    settings: Settings,
    dry_run: bool = False,
    now: datetime | None = None,
    actor: str = "retention",
    upload_roots: Sequence[Path] = (),
) -> RetentionReport:
    now = now or utcnow()
    due = expired(store, settings, now)
    if dry_run or not due:
        return RetentionReport(dry_run, tuple(due))
    young = (now - timedelta(days=settings.audit_log_days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    erased = kept = 0
    tables: set[str] = {"audit_log"}
    xid: int | None = None
    for item in due:
        with store.audited_write() as session:
            subject = find_subject(session, _person_id(session, item))
            old = tuple(
                int(i)
                for i in session.execute(
                    select(AuditEntry.id).where(
                        AuditEntry.id.in_(subject.audit_entries or [-1]), AuditEntry.at < young
                    )
                ).scalars()
            )
            old_items = tuple(
                (int(e), int(i))
                for e, i in session.execute(
                    select(AuditItem.entry_id, AuditItem.item)
                    .join(AuditEntry, AuditEntry.id == AuditItem.entry_id)
                    .where(AuditEntry.at < young)
                    .where(
                        tuple_(AuditItem.entry_id, AuditItem.item).in_(
                            subject.audit_items or [(-1, -1)]
                        )
                    )
                )
            )
            kept += len(subject.audit_entries) - len(old)
            kept += len(subject.audit_items) - len(old_items)
            report_assessments = [
                int(i)
                for i in session.execute(
                    select(ReportAssessment.id).where(
                        ReportAssessment.report_id.in_(subject.reports or [-1])
                    )
                ).scalars()
            ]
            due_now = replace(subject, audit_entries=old, audit_items=old_items)
            rows, _entry, count = erase_subject(session, due_now, actor, "retention")
            erased += count
            tables.update(t for t, n in rows.items() if n)
            _shred(subject, upload_roots)
            # Records deleted while their (young) entries stay whole: verify reads this list.
            details = {
                "queue": item.queue,
                "days": item.days,
                "kind": item.kind,
                "assessments": list(subject.assessments),
                "decisions": list(subject.decisions),
                "reports": list(subject.reports),
                "report_assessments": report_assessments,
            }
            audit.append(session, "retention", actor, "retention", details)
            xid = current_xid(session.connection())
    scrub = store.scrub(sorted(tables), xid)
    return RetentionReport(False, tuple(due), erased, kept, tuple(scrub))


def _person_id(session: object, item: Expired) -> str:
    return item.key  # a resume sha256, or "report:ID" (the receipt code itself is not kept)
