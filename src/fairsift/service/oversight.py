"""Receipts for reporters, the audit log, aggregate figures and self-identification.

Auditors see the audit log and counts, never a report's text or a candidate's identity;
demographics leave this module only as aggregates."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select

from fairsift.audit import Decision, Demographic, bias_audit
from fairsift.errors import InputError
from fairsift.service.context import Context
from fairsift.service.permissions import Principal, require
from fairsift.service.problems import Forbidden, NotFound
from fairsift.service.sessions import same
from fairsift.store.models_review import AuditEntry, AuditItem

__all__ = [
    "add_to_report",
    "audit_batch_items",
    "audit_entries",
    "audit_total",
    "demographics_aggregate",
    "receipt_status",
    "self_identify",
    "stats",
    "verify",
]

# What a reporter is told: never the category, the decision's reason or who decided.
PUBLIC_STATUS = {
    "new": "received",
    "triaged": "received",
    "route": "in_review",
    "escalate": "in_review",
    "close": "closed",
    "malicious": "closed",
    "in_progress": "in_review",
}
RECEIPT_HINT = "Check the code on your receipt; it is case-sensitive"


def _receipt_report(ctx: Context, code: str, client: str) -> int:
    per_hour = ctx.settings.receipt_per_hour
    ctx.limiter.hit("receipt", client, per_hour, 3600.0, "receipt look-ups")
    report_id = ctx.store.report_for_receipt(code.strip()) if code.strip() else None
    if report_id is None:
        raise NotFound("no report has this receipt code", RECEIPT_HINT)
    return report_id


def receipt_status(ctx: Context, code: str, client: str) -> dict[str, Any]:
    report_id = _receipt_report(ctx, code, client)
    report = ctx.store.report_by_id(report_id)
    status = PUBLIC_STATUS.get(str(report["status"]) if report else "new", "received")
    additions = len(report.get("additions") or []) if report else 0
    replies = [
        {"text": r["text"], "created_at": r["created_at"]}  # never which person answered
        for r in ctx.store.report_replies(report_id)
    ]
    return {"status": status, "additions": additions, "replies": replies}


def add_to_report(ctx: Context, code: str, text: str, client: str) -> dict[str, Any]:
    clean = text.strip()
    if not clean:
        raise InputError("there is nothing to add", "Write the information you want to add")
    if len(clean) > ctx.settings.max_report_chars:
        raise InputError(
            f"the addition has {len(clean):,} characters; at most "
            f"{ctx.settings.max_report_chars:,} are accepted",
            "Shorten it, or send it in parts",
        )
    _receipt_report(ctx, code, client)
    addition = ctx.store.add_to_report(code.strip(), clean)
    return {"added": True, "addition": addition}


def audit_entries(
    ctx: Context, who: Principal | None, limit: int, offset: int, event: str | None = None
) -> list[dict[str, Any]]:
    require(who, who is not None and who.reads_aggregates(), "read the audit log")
    return [
        {**entry, "at": str(entry["at"])}
        for entry in ctx.store.audit_entries(limit=limit, offset=offset, event=event)
    ]


def audit_total(ctx: Context, who: Principal | None, event: str | None = None) -> int:
    """How many entries the audit log holds (of one event, if given; counted in the
    database)."""
    require(who, who is not None and who.reads_aggregates(), "read the audit log")
    query = select(func.count()).select_from(AuditEntry)
    if event is not None:
        query = query.where(AuditEntry.event == event)
    with ctx.store.read() as session:
        return int(session.execute(query).scalar_one())


def audit_batch_items(
    ctx: Context, who: Principal | None, entry_id: int, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """The items one batch entry commits to, in the order written, and how many it holds.
    404 if there is no such entry; an entry that is not a batch holds none."""
    require(who, who is not None and who.reads_aggregates(), "read the audit log")
    with ctx.store.read() as session:
        if session.get(AuditEntry, entry_id) is None:
            raise NotFound(f"no audit entry {entry_id}", "List entries with GET /api/audit")
        total = int(
            session.execute(
                select(func.count()).select_from(AuditItem).where(AuditItem.entry_id == entry_id)
            ).scalar_one()
        )
    found = ctx.store.audit_items(entry_id, limit, offset)
    return [asdict(item) for item in found], total


def verify(ctx: Context, who: Principal | None) -> dict[str, Any]:
    require(who, who is not None and who.reads_aggregates(), "verify the audit log")
    problems = ctx.store.verify_audit()
    return {
        "ok": not problems,
        "problems": [{"entry_id": p.entry_id, "what": p.what} for p in problems],
    }


def stats(ctx: Context, who: Principal | None) -> dict[str, Any]:
    require(who, who is not None and who.reads_aggregates(), "read aggregate figures")
    reports = ctx.store.list_reports(limit=10_000_000)
    urgency: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    status: Counter[str] = Counter()
    for report in reports:
        status[str(report["status"])] += 1
        row = report.get("assessment") or {}
        urgency[str((row.get("urgency") or {}).get("level", "untriaged"))] += 1
        languages[str(row.get("language") or "untriaged")] += 1
        for category in row.get("categories") or []:
            categories[str(category.get("name"))] += 1
    # One count per application: its latest decision stands (a changed mind is not two).
    events = ctx.store.all_decisions("application")
    latest = {d["item_id"]: d["decision"] for d in events}
    decisions = Counter(latest.values())
    return {
        "ingest": ctx.store.queue_counts(),
        "reports": {
            "total": len(reports),
            "status": dict(status),
            "urgency": dict(urgency),
            "language": dict(languages),
            "category": dict(categories),
        },
        "applications": {
            "assessed": len(ctx.store.list_assessments("screening", limit=10_000_000)),
            "decisions": dict(decisions),
            "decided": len(latest),
            "decision_events": len(events),
        },
    }


def self_identify(
    ctx: Context,
    candidate: str,
    code: str,
    sex: str | None,
    race_ethnicity: str | None,
    client: str,
) -> dict[str, Any]:
    ctx.limiter.hit("self-id", client, ctx.settings.receipt_per_hour, 3600.0, "submissions")
    expected = ctx.sessions.sign("self-id", candidate)[:24]
    if not same(code.strip(), expected):
        raise Forbidden("this self-identification link is not valid", "Use the link you were sent")
    ctx.store.put_demographic(candidate, _clean(sex), _clean(race_ethnicity), "candidate")
    return {"stored": True}


def _clean(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def demographics_aggregate(ctx: Context, who: Principal | None) -> dict[str, Any]:
    require(who, who is not None and who.reads_aggregates(), "read demographic aggregates")
    rows = ctx.store.demographics()
    sexes = Counter(r.get("sex") or "unknown" for r in rows)
    races = Counter(r.get("race_ethnicity") or "unknown" for r in rows)
    latest: dict[Any, Decision] = {}  # a person's last decision on an application counts
    for d in ctx.store.all_decisions("application"):
        if d.get("candidate_sha256"):
            key = d.get("item_id", d["candidate_sha256"])
            latest[key] = Decision(str(d["candidate_sha256"]), bool(d["selected"]), d.get("score"))
    decided = list(latest.values())
    audit: dict[str, Any] | None = None
    if decided:
        people = [
            Demographic(str(r["candidate_sha256"]), r.get("sex"), r.get("race_ethnicity"))
            for r in rows
        ]
        audit = bias_audit(decided, people, source="fairsift service").to_dict()
    return {
        "respondents": len(rows),
        "sex": dict(sexes),
        "race_ethnicity": dict(races),
        "bias_audit": audit,
    }
