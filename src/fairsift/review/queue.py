"""Review queues: applications per job ranked by score, reports by urgency then age, with
filters and search. Rows carry what a list needs and the latest decision, never more."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from fairsift.store.models import Job
from fairsift.triage.pipeline import reviewer_view

__all__ = [
    "SORTS",
    "ApplicationFilter",
    "QueueStore",
    "ReportFilter",
    "application_page",
    "application_queue",
    "job_list",
    "latest_decision",
    "report_queue",
    "report_total",
]

URGENCY_LEVELS = ("critical", "high", "normal", "low")


class QueueStore(Protocol):
    def list_assessments(
        self,
        kind: str,
        job_sha256: str | None = None,
        limit: int = 100,
        offset: int = 0,
        search: str | None = None,
    ) -> list[dict[str, Any]]: ...

    def list_reports(
        self,
        order: str = "urgency,age",
        language: str | None = None,
        category: str | None = None,
        urgency: str | None = None,
        status: str | None = None,
        search: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]: ...

    def decisions_for(self, kind: str, item_id: int) -> list[dict[str, Any]]: ...

    def all_decisions(self, kind: str) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class ApplicationFilter:
    job: str | None = None
    search: str | None = None  # matches the candidate as shown (a pseudonym in blind review)
    decision: str | None = None  # "none" for undecided, or advance/reject/hold
    finding: str | None = None  # only rows with a finding of this kind
    limit: int = 100
    offset: int = 0
    sort: str | None = None  # "rank" (default), "candidate" (as shown), "decision", "newest"


SORTS = ("rank", "candidate", "decision", "newest")


@dataclass(frozen=True)
class ReportFilter:
    language: str | None = None
    category: str | None = None
    urgency: str | None = None
    status: str | None = None
    search: str | None = None
    limit: int = 100
    offset: int = 0


def latest_decision(store: QueueStore, kind: str, item_id: int) -> dict[str, Any] | None:
    found = store.decisions_for(kind, item_id)
    return found[-1] if found else None


def job_list(store: Any) -> list[dict[str, Any]]:
    """Every job recorded, oldest first."""
    with store.read() as session:
        rows = session.execute(select(Job).order_by(Job.id)).scalars().all()
        return [
            {
                "sha256": r.sha256,
                "title": r.title or Path(r.source).stem,
                "source": r.source,
                "requirements": list(r.requirements),
                "created_at": r.created_at.isoformat(),
            }
            for r in rows
        ]


def application_queue(
    store: QueueStore,
    want: ApplicationFilter,
    jobs: Collection[str] | None = None,
    shown: Callable[[dict[str, Any]], str] | None = None,
) -> list[dict[str, Any]]:
    """Applications ranked by score within their job (best first). `jobs` limits the rows to
    the jobs a reviewer covers (None: all). `shown` names the candidate as the viewer sees it
    (a pseudonym in blind review, by default the file name): search and sorting use that name
    and nothing else, so a blind reviewer can never find or order candidates by who they are."""
    return application_page(store, want, jobs, shown)[0]


def application_page(
    store: QueueStore,
    want: ApplicationFilter,
    jobs: Collection[str] | None = None,
    shown: Callable[[dict[str, Any]], str] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of `application_queue` and how many rows all its pages hold. Ranks count
    every scored application of a job, so the whole job is read (ranks cannot be paged in
    the database without storing them)."""
    name = shown or (lambda row: Path(str(row.get("candidate") or "")).name)
    needle = (want.search or "").strip().casefold()
    rows = store.list_assessments("screening", job_sha256=want.job, limit=100_000, offset=0)
    out: list[dict[str, Any]] = []
    positions: dict[str | None, int] = {}
    latest = {int(d["item_id"]): d for d in store.all_decisions("application")}  # last wins
    # Candidates who asked to be assessed without the AI: no score, no rank, never ranked.
    asked: set[tuple[str, str | None]] = getattr(store, "withheld_from_ai", lambda: set())()
    aside: list[dict[str, Any]] = []
    for row in rows:
        if jobs is not None and row.get("job_sha256") not in jobs:
            continue
        job = row.get("job_sha256")
        withheld = (row.get("sha256"), None) in asked or (row.get("sha256"), job) in asked
        if row.get("error") is None and not withheld:
            positions[job] = positions.get(job, 0) + 1
        decided = latest.get(int(row["id"]))
        kinds = sorted({f["kind"] for f in row.get("findings") or []})
        if want.finding and want.finding not in kinds:
            continue
        if want.decision == "none" and decided is not None:
            continue
        if want.decision not in (None, "", "none") and (
            decided is None or decided["decision"] != want.decision
        ):
            continue
        candidate = name(row)
        if needle and needle not in candidate.casefold():
            continue
        statuses = [r["status"] for r in row.get("requirements") or []]
        (aside if withheld else out).append(
            {
                "id": int(row["id"]),
                "job_sha256": job,
                "candidate": candidate,
                "sha256": row.get("sha256"),
                "score": None if withheld else row.get("score"),
                "rank": positions.get(job) if row.get("error") is None and not withheld else None,
                "withheld": withheld,
                "met": statuses.count("met"),
                "partial": statuses.count("partial"),
                "requirements": len(statuses),
                "findings": kinds,
                "error": row.get("error"),
                "decision": None if decided is None else decided["decision"],
                "created_at": row.get("created_at"),
            }
        )
    out += sorted(aside, key=lambda r: int(r["id"]))  # after the ranked ones, in arrival order
    _sort(out, want.sort)
    return out[want.offset : want.offset + want.limit], len(out)


def _sort(rows: list[dict[str, Any]], how: str | None) -> None:
    """Order rows in place; the default keeps the ranking (score within job)."""
    if how == "candidate":
        rows.sort(key=lambda r: (str(r["candidate"]).casefold(), r["id"]))
    elif how == "decision":
        rows.sort(key=lambda r: (r["decision"] or "~", r["id"]))
    elif how == "newest":
        rows.sort(key=lambda r: (str(r["created_at"] or ""), r["id"]), reverse=True)


def report_queue(store: QueueStore, want: ReportFilter) -> list[dict[str, Any]]:
    """Reports by urgency (critical first), then oldest first; untriaged ones last."""
    rows = store.list_reports(
        order="urgency,age",
        language=want.language or None,
        category=want.category or None,
        urgency=want.urgency or None,
        status=want.status or None,
        search=want.search or None,
        limit=want.limit,
        offset=want.offset,
    )
    out = []
    for row in rows:
        assessment = row.get("assessment") or {}
        urgency = assessment.get("urgency") or {}
        out.append(
            {
                "id": int(row["id"]),
                "status": row.get("status"),
                "created_at": row.get("created_at"),
                "source": row.get("source"),
                "language": assessment.get("language"),
                "urgency": urgency.get("level"),
                "urgency_reason": urgency.get("reason"),
                "categories": [c.get("name") for c in assessment.get("categories") or []],
                "campaign": assessment.get("campaign") is not None,
                "duplicate_of": assessment.get("duplicate_of"),
                "findings": sorted({f.get("kind", "") for f in assessment.get("findings") or []}),
                "triaged": bool(assessment),
                "preview": _preview(
                    assessment.get("text_en")
                    or assessment.get("text")
                    or reviewer_view(str(row.get("text") or ""))[0]
                ),
            }
        )
    return out


def report_total(store: Any, want: ReportFilter) -> int:
    """How many reports all pages of `report_queue` hold."""
    total: int = store.count_reports(
        language=want.language or None,
        category=want.category or None,
        urgency=want.urgency or None,
        status=want.status or None,
        search=want.search or None,
    )
    return total


def _preview(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
