"""Review queues: applications per job ranked by score, reports by urgency then age, with
filters and search. Rows carry what a list needs and the latest decision, never more."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select

from fairsift.language.names import language_code, language_name
from fairsift.store.models import Assessment, Job
from fairsift.triage.pipeline import reviewer_view

__all__ = [
    "SORTS",
    "ApplicationFilter",
    "QueueStore",
    "ReportFilter",
    "application_page",
    "application_queue",
    "job_list",
    "job_page",
    "latest_decision",
    "report_page",
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
    order: str = "urgency,age"  # or "age" (oldest received first), "-age" (newest first)
    assignee: str | None = None  # "user:<name>", "team:<name>" or "none"


def latest_decision(store: QueueStore, kind: str, item_id: int) -> dict[str, Any] | None:
    found = store.decisions_for(kind, item_id)
    return found[-1] if found else None


def job_list(store: Any, archived: bool | None = None) -> list[dict[str, Any]]:
    """Every job recorded, oldest first, with its candidate count and top score. `archived`
    True lists only archived jobs, False only open ones, None all. Jobs with the same title
    get a `display` name that tells them apart (their label, else source file and date)."""
    return job_page(store, archived)[0]


def _job_title(label: str | None, title: str | None, source: str) -> str:
    return label or title or Path(source).stem


def job_page(
    store: Any,
    archived: bool | None = None,
    limit: int | None = None,
    offset: int = 0,
    only: Collection[str] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of `job_list` (all of it when `limit` is None) and how many jobs match in
    all, paged in the database. `only` keeps the jobs with these sha256s (a reviewer's)."""
    query = select(Job)
    if archived is True:
        query = query.where(Job.archived_at.is_not(None))
    elif archived is False:
        query = query.where(Job.archived_at.is_(None))
    if only is not None:
        query = query.where(Job.sha256.in_(list(only)))
    paged = query.order_by(Job.id).offset(offset)
    if limit is not None:
        paged = paged.limit(limit)
    with store.read() as session:
        rows = session.execute(paged).scalars().all()
        if limit is None and offset == 0:
            total = len(rows)
        else:
            counted = query.with_only_columns(func.count(Job.id)).order_by(None)
            total = int(session.execute(counted).scalar_one())
        shas = [r.sha256 for r in rows]
        counts = (
            select(Assessment.job_sha256, func.count(Assessment.id), func.max(Assessment.score))
            .where(Assessment.kind == "screening", Assessment.job_sha256.in_(shas))
            .group_by(Assessment.job_sha256)
        )
        stats = {sha: (int(n), top) for sha, n, top in session.execute(counts)} if shas else {}
        jobs = [
            {
                "sha256": r.sha256,
                "title": _job_title(r.label, r.title, r.source),
                "posting_title": r.title,
                "label": r.label,
                "source": r.source,
                "requirements": list(r.requirements),
                "created_at": r.created_at.isoformat(),
                "archived": r.archived_at is not None,
                "candidates": stats.get(r.sha256, (0, None))[0],
                "top_score": stats.get(r.sha256, (0, None))[1],
            }
            for r in rows
        ]
        # Open jobs sharing a title with another open job (any page) are told apart.
        shared = _shared_titles(session, {j["title"] for j in jobs if not j["archived"]})
    for job in jobs:
        job["display"] = job["title"]
        if job["archived"]:
            job["display"] = (
                f"{job['title']} (archived; {job['created_at'][:10]}, {job['sha256'][:8]})"
            )
        elif job["title"] in shared:
            job["display"] = (
                f"{job['title']} ({Path(job['source']).name}, {job['created_at'][:10]}, "
                f"{job['sha256'][:8]})"
            )
    return jobs, total


def _shared_titles(session: Any, titles: set[str]) -> set[str]:
    """Which of `titles` more than one open job carries (label, else posting title, else
    the source file's stem: the stems are few, read apart)."""
    if not titles:
        return set()
    named = func.coalesce(func.nullif(Job.label, ""), func.nullif(Job.title, ""))
    open_jobs = Job.archived_at.is_(None)
    seen: Counter[str] = Counter()
    grouped = (
        select(named, func.count(Job.id)).where(open_jobs, named.in_(list(titles))).group_by(named)
    )
    seen.update({str(t): int(n) for t, n in session.execute(grouped)})
    untitled = select(Job.source).where(open_jobs, named.is_(None))
    seen.update(Path(source).stem for (source,) in session.execute(untitled))
    return {t for t in titles if seen[t] > 1}


def application_queue(
    store: QueueStore,
    want: ApplicationFilter,
    jobs: Collection[str] | None = None,
    shown: Callable[[dict[str, Any]], str] | None = None,
    sources: bool = False,
) -> list[dict[str, Any]]:
    """Applications ranked by score within their job (best first). `jobs` limits the rows to
    the jobs a reviewer covers (None: all). `shown` names the candidate as the viewer sees it
    (a pseudonym in blind review, by default the file name): search and sorting use that name
    and nothing else, so a blind reviewer can never find or order candidates by who they are.
    `sources` adds each row's file path (for the caller to scrub messages with)."""
    return application_page(store, want, jobs, shown=shown, sources=sources)[0]


def application_page(
    store: QueueStore,
    want: ApplicationFilter,
    jobs: Collection[str] | None = None,
    job_order: Sequence[str] = (),
    shown: Callable[[dict[str, Any]], str] | None = None,
    sources: bool = False,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the queue and the number of rows matching in all. Across jobs, rows are
    grouped by job (in `job_order`, else as stored) and ranked by score within each; a rank
    is always the place within its own job, whatever the filters. Search and other sorts
    use the candidate as `shown` (see `application_queue`)."""
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
                **({"source": row.get("candidate")} if sources else {}),
            }
        )
    out += sorted(aside, key=lambda r: int(r["id"]))  # after the ranked ones, in arrival order
    if want.job is None and want.sort in (None, "", "rank"):
        order = {sha: i for i, sha in enumerate(job_order)}
        out.sort(
            key=lambda r: (
                order.get(r["job_sha256"], len(order)),
                r["job_sha256"] or "",
                r["rank"] if r["rank"] is not None else 1 << 30,
            )
        )
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
    """Reports by urgency (critical first), then oldest received first; untriaged ones last."""
    return report_page(store, want)[0]


def report_page(store: QueueStore, want: ReportFilter) -> tuple[list[dict[str, Any]], int]:
    """One page of the report queue and the number of reports matching in all. The language
    may be given by name ("Spanish") or code ("es")."""
    rows = store.list_reports(
        order=want.order if want.order in ("urgency,age", "age", "-age") else "urgency,age",
        language=language_code(want.language) if want.language else None,
        category=want.category or None,
        urgency=want.urgency or None,
        status=want.status or None,
        search=want.search or None,
        limit=10_000_000,
        offset=0,
    )
    if want.assignee == "none":
        rows = [r for r in rows if not r.get("assignee")]
    elif want.assignee:
        rows = [r for r in rows if r.get("assignee") == want.assignee]
    out = []
    for row in rows[want.offset : want.offset + want.limit]:
        assessment = row.get("assessment") or {}
        urgency = assessment.get("urgency") or {}
        out.append(
            {
                "id": int(row["id"]),
                "status": row.get("status"),
                "created_at": row.get("created_at"),
                "received_at": row.get("received_at") or row.get("created_at"),
                "assignee": row.get("assignee"),
                "source": row.get("source"),
                "language": assessment.get("language"),
                "language_name": language_name(str(assessment.get("language") or "")),
                "urgency": urgency.get("level"),
                "urgency_reason": urgency.get("reason"),
                "categories": [c.get("name") for c in assessment.get("categories") or []],
                "campaign": assessment.get("campaign") is not None,
                "duplicate_of": assessment.get("duplicate_of"),
                "duplicate_group": assessment.get("duplicate_group"),
                "findings": sorted({f.get("kind", "") for f in assessment.get("findings") or []}),
                "triaged": bool(assessment),
                "preview": _preview(
                    assessment.get("text_en")
                    or assessment.get("text")
                    or reviewer_view(str(row.get("text") or ""))[0]
                ),
            }
        )
    return out, len(rows)


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
