"""The application queue read in the database: one page of a job's (or every job's)
applications with their rank, latest decision and whether the candidate asked to be kept
out of the AI's ranking, filtered, ordered and paged in SQL; only the page's own payloads are
loaded. fairsift.review.queue builds the rows; it falls back to reading every row when the
filter or order needs the candidate as the viewer sees them (a pseudonym in blind review),
or the finding kinds inside payloads.

Rank is the place among the job's rankable applications (no error, not withheld) by score
(best first, then oldest): the same whatever the filters, as the queue has always shown it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, Protocol

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from fairsift.store.models import Assessment
from fairsift.store.models_people import AlternativeRequest
from fairsift.store.models_review import DecisionRow

__all__ = ["application_rows"]


class _Readable(Protocol):
    def read(self) -> Any: ...


def application_rows(
    store: _Readable,
    job: str | None,
    jobs: Collection[str] | None,
    decision: str | None,
    job_order: Sequence[str],
    sort: str | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """(rows, total): each row is the stored payload with `id`, `created_at`, `rank`,
    `withheld` and `decision` (the latest, or None). `sort` is "rank" (None), "decision" or
    "newest"; `decision` "none" keeps undecided rows, another value rows last decided so."""
    a = Assessment
    asked = exists().where(
        AlternativeRequest.candidate_sha256 == a.item_sha256,
        or_(AlternativeRequest.job_sha256.is_(None), AlternativeRequest.job_sha256 == a.job_sha256),
    )
    base = select(
        a.id, a.job_sha256, a.score, a.created_at,
        case((asked, 1), else_=0).label("withheld"),
        case((a.error.is_(None), 1), else_=0).label("ok"),
    ).where(a.kind == "screening")  # fmt: skip
    if job is not None:
        base = base.where(a.job_sha256 == job)
    if jobs is not None:
        base = base.where(a.job_sha256.in_(list(jobs)))
    b = base.cte("base")
    rankable = and_(b.c.ok == 1, b.c.withheld == 0)
    place = func.row_number().over(
        partition_by=(b.c.job_sha256, b.c.ok, b.c.withheld),
        order_by=(b.c.score.desc().nulls_last(), b.c.id),
    )
    last = (
        select(DecisionRow.item_id, func.max(DecisionRow.id).label("last"))
        .where(DecisionRow.kind == "application")
        .group_by(DecisionRow.item_id)
        .subquery()
    )
    decided = select(DecisionRow.id, DecisionRow.decision).subquery()
    ranked = (
        select(
            b.c.id,
            b.c.job_sha256,
            b.c.score,
            b.c.created_at,
            b.c.withheld,
            case((rankable, place), else_=None).label("rank"),
            decided.c.decision,
        )
        .outerjoin(last, last.c.item_id == b.c.id)
        .outerjoin(decided, decided.c.id == last.c.last)
        .subquery()
    )
    r = ranked.c
    query = select(r.id, r.rank, r.withheld, r.decision)
    if decision == "none":
        query = query.where(r.decision.is_(None))
    elif decision:
        query = query.where(r.decision == decision)
    # withheld rows come after the ranked ones, in arrival order (their score is not shown)
    by_score = (r.withheld, case((r.withheld == 0, r.score), else_=None).desc().nulls_last())
    if sort == "decision":
        order: tuple[Any, ...] = (func.coalesce(r.decision, "~"), r.id)
    elif sort == "newest":
        order = (r.created_at.desc(), r.id.desc())
    elif job is None:
        position = case(
            {sha: i for i, sha in enumerate(job_order)}, value=r.job_sha256, else_=len(job_order)
        ) if job_order else literal(0)  # fmt: skip
        order = (
            position, func.coalesce(r.job_sha256, ""), r.rank.is_(None), r.rank, *by_score, r.id,
        )  # fmt: skip
    else:
        order = (*by_score, r.id)
    counted = select(func.count()).select_from(query.subquery())
    with store.read() as session:
        connection = session.connection()  # plain rows: no ORM loading for a list
        page = connection.execute(query.order_by(*order).limit(limit).offset(offset)).all()
        total = int(connection.execute(counted).scalar_one())
        payloads = _payloads(session, [int(p[0]) for p in page])
    rows = []
    for row_id, rank, withheld, last_decision in page:
        payload, created_at, job_sha256 = payloads[int(row_id)]
        rows.append(
            {
                **payload,
                "id": int(row_id),
                "job_sha256": job_sha256,
                "created_at": created_at,
                "rank": None if rank is None else int(rank),
                "withheld": bool(withheld),
                "decision": last_decision,
            }
        )
    return rows, total


def _payloads(
    session: Session, ids: list[int]
) -> dict[int, tuple[dict[str, Any], str, str | None]]:
    a = Assessment
    query = select(a.id, a.payload, a.created_at, a.job_sha256).where(a.id.in_(ids))
    return {
        int(i): (dict(payload), created.isoformat(), job)
        for i, payload, created, job in session.execute(query)
    }
