"""The records against their audit entries: a decision or an assessment changed in its own
table after the fact no longer matches what the chain recorded when it was made.

The chain proves the entries are as written; this proves the decisions and assessments people
rely on are still what the entries say. Checked: every decision (choice, reason, who, item,
the assessment seen) and every assessment that has an entry or a batch item (its payload's
sha256, its keys); a problem found through a batch item names the item.
A decision without an entry, or an entry whose decision is gone, is named too. Assessments
stored before the audit log existed (schema 0001) have no entry and are not checked.
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fairsift.store.audit import Problem, digest
from fairsift.store.models import Assessment
from fairsift.store.models_review import AuditEntry, AuditItem, DecisionRow, ReportAssessment

__all__ = ["check_records"]


@dataclass(frozen=True)
class _Place:
    """Where a record was recorded: a plain entry, or item `item` of a batch entry."""

    entry_id: int
    item: int | None = None
    subject: str = ""

    def problem(self, what: str) -> Problem:
        if self.item is None:
            return Problem(self.entry_id, what)
        return Problem(self.entry_id, f"item {self.item} ({self.subject}): {what}", self.item)


def _entries(session: Session, event: str) -> Iterator[tuple[_Place, str, str, dict[str, Any]]]:
    """The entries and batch items of `event`, in the order they were written."""
    query = (
        select(AuditEntry.id, AuditEntry.actor, AuditEntry.subject, AuditEntry.payload)
        .where(AuditEntry.event == event, AuditEntry.erased.is_(None))
        .order_by(AuditEntry.id)
    )
    items = (
        select(AuditItem.entry_id, AuditItem.item, AuditItem.actor, AuditItem.subject)
        .add_columns(AuditItem.payload)
        .where(AuditItem.event == event, AuditItem.erased.is_(None))
        .order_by(AuditItem.entry_id, AuditItem.item)
    )
    plain = ((_Place(int(e)), a, s, p) for e, a, s, p in session.execute(query))
    batched = ((_Place(int(e), int(i), s), a, s, p) for e, i, a, s, p in session.execute(items))
    merged = heapq.merge(plain, batched, key=lambda row: (row[0].entry_id, row[0].item or 0))
    for place, actor, subject, payload in merged:
        try:
            parsed = json.loads(payload)
        except (TypeError, ValueError):
            continue  # the chain check names an entry whose payload is not JSON
        if isinstance(parsed, dict):
            yield place, str(actor), str(subject), parsed


def check_records(session: Session) -> list[Problem]:
    gone = _retired(session)
    return [
        p
        for p in (
            *_check_decisions(session),
            *_check_assessments(session),
            *_check_report_assessments(session),
        )
        if not _explained(p, gone)
    ]


def _retired(session: Session) -> dict[str, set[int]]:
    """Records retention deleted while their audit entries were too young to erase: each
    `retention` entry lists them, so their absence is recorded, not a deletion."""
    kinds = {
        "decisions": "decision",
        "assessments": "assessment",
        "report_assessments": "report assessment",
    }
    out: dict[str, set[int]] = {kind: set() for kind in kinds.values()}
    for _id, _actor, _subject, payload in _entries(session, "retention"):
        for key, kind in kinds.items():
            out[kind].update(i for i in payload.get(key) or [] if isinstance(i, int))
    return out


_GONE = re.compile(r"(?:^|: )(decision|assessment|report assessment) (\d+) recorded here is gone")


def _explained(problem: Problem, gone: dict[str, set[int]]) -> bool:
    found = _GONE.search(problem.what)
    return found is not None and int(found.group(2)) in gone[found.group(1)]


def _check_decisions(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    recorded: dict[int, tuple[_Place, str, str, dict[str, Any]]] = {}
    for found in _entries(session, "decision"):
        decision_id = found[3].get("decision_id")
        if isinstance(decision_id, int):
            recorded.setdefault(decision_id, found)
    rows = session.execute(select(DecisionRow).order_by(DecisionRow.id)).scalars()
    seen: set[int] = set()
    for row in rows:
        seen.add(row.id)
        entry = recorded.get(row.id)
        if entry is None:
            problems.append(
                Problem(0, f"decision {row.id} has no audit entry: inserted without a record")
            )
            continue
        place, actor, subject, payload = entry
        differs = [
            name
            for name, now, then in (
                ("decision", row.decision, payload.get("decision")),
                ("reason", row.reason, payload.get("reason")),
                ("who", row.actor, actor),
                ("item", f"{row.kind}:{row.item_id}", subject),
                ("assessment seen", row.assessment_id, payload.get("assessment_id")),
            )
            if now != then
        ]
        if differs:
            problems.append(
                place.problem(
                    f"decision {row.id} was changed after it was recorded here "
                    f"({_listed(differs)})",
                )
            )
    for decision_id, (place, *_rest) in sorted(recorded.items()):
        if decision_id not in seen:
            problems.append(place.problem(f"decision {decision_id} recorded here is gone: deleted"))
    return problems


def _check_assessments(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    recorded: dict[int, tuple[_Place, dict[str, Any]]] = {}
    for place, _actor, subject, payload in _entries(session, "assessment"):
        if subject.startswith("assessment:") and isinstance(payload.get("assessment_id"), int):
            recorded.setdefault(payload["assessment_id"], (place, payload))
    if not recorded:
        return problems
    rows = session.execute(select(Assessment).where(Assessment.id.in_(list(recorded))))
    found: set[int] = set()
    for row in rows.scalars():
        found.add(row.id)
        place, payload = recorded[row.id]
        differs = [
            name
            for name, now, then in (
                ("payload", digest(dict(row.payload)), payload.get("payload_sha256")),
                ("item", row.item_sha256, payload.get("item_sha256")),
                ("job", row.job_sha256, payload.get("job_sha256")),
                ("configuration", row.config_sha256, payload.get("config_sha256")),
                ("score", row.score, payload.get("score")),
                ("provenance", dict(row.provenance), payload.get("provenance")),
            )
            if now != then
        ]
        if differs:
            problems.append(
                place.problem(
                    f"assessment {row.id} was changed after it was recorded here "
                    f"({_listed(differs)})",
                )
            )
    for assessment_id, (place, _payload) in sorted(recorded.items()):
        if assessment_id not in found:
            problems.append(
                place.problem(f"assessment {assessment_id} recorded here is gone: deleted")
            )
    return problems


def _check_report_assessments(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    recorded: dict[int, tuple[_Place, str, dict[str, Any]]] = {}
    # A regrouping (a later report joined its group) changes a triage through its own audited
    # entry: the latest entry that states the triage's digest is the one it must match.
    latest: dict[int, tuple[_Place, str]] = {}
    for place, _actor, subject, payload in _entries(session, "assessment"):
        if subject.startswith("report:") and isinstance(payload.get("assessment_id"), int):
            recorded.setdefault(payload["assessment_id"], (place, subject, payload))
            if payload.get("row_sha256") is not None:
                latest[payload["assessment_id"]] = (place, payload["row_sha256"])
    if not recorded:
        return problems
    query = select(ReportAssessment).where(ReportAssessment.id.in_(list(recorded)))
    found: set[int] = set()
    for row in session.execute(query).scalars():
        found.add(row.id)
        place, subject, payload = recorded[row.id]
        place, row_sha256 = latest.get(row.id, (place, payload.get("row_sha256")))
        differs = [
            name
            for name, now, then in (
                ("triage", digest(dict(row.row)), row_sha256),
                ("report", f"report:{row.report_id}", subject),
                ("provenance", dict(row.provenance), payload.get("provenance")),
            )
            if now != then
        ]
        if differs:
            problems.append(
                place.problem(
                    f"report assessment {row.id} was changed after it was recorded here "
                    f"({_listed(differs)})",
                )
            )
    for assessment_id, (place, _subject, _payload) in sorted(recorded.items()):
        if assessment_id not in found:
            problems.append(
                place.problem(f"report assessment {assessment_id} recorded here is gone: deleted")
            )
    return problems


def _listed(names: list[str]) -> str:
    return f"{', '.join(names)} {'differs' if len(names) == 1 else 'differ'}"
