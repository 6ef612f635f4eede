"""The review UI: server-rendered pages over the same actions as the API. No script runs
on these pages; forms post back and redirect (post/redirect/get)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from fairsift.errors import FairsiftError, InputError
from fairsift.review import users
from fairsift.review.decisions import DECISIONS
from fairsift.review.queue import URGENCY_LEVELS, ApplicationFilter, ReportFilter
from fairsift.service import actions, oversight
from fairsift.service.context import Context, context, principal, render
from fairsift.service.permissions import Principal, require, require_role
from fairsift.service.problems import MAX_ID, Unauthorized

__all__ = ["router"]

ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="An id from a list")]

router = APIRouter(include_in_schema=False)
Ctx = Annotated[Context, Depends(context)]
Who = Annotated[Principal | None, Depends(principal)]
Text = Annotated[str | None, Query(max_length=200)]

DECISION_LABELS = {
    "advance": "Advance",
    "reject": "Reject",
    "hold": "Hold",
    "route": "Route to a team",
    "escalate": "Escalate",
    "close": "Close",
    "malicious": "Mark possibly malicious",
}


def _signed_in(request: Request, who: Principal | None) -> Principal:
    if who is None:
        raise Unauthorized("sign in to see this page", f"Sign in at /login?next={request.url.path}")
    return who


def _files(uploads: list[UploadFile], ctx: Context) -> list[tuple[str, bytes]]:
    limit = int(ctx.settings.max_upload_mb * 1_000_000)
    return [(f.filename or "upload.txt", f.file.read(limit + 1)) for f in uploads if f.filename]


# -- jobs -------------------------------------------------------------------------------------


@router.get("/jobs")
def jobs_page(request: Request, ctx: Ctx, who: Who) -> Response:
    _signed_in(request, who)
    return render(request, "jobs.html", jobs=actions.jobs_for(ctx, who), error=None)


@router.post("/jobs")
def jobs_create(
    request: Request, ctx: Ctx, who: Who, file: Annotated[UploadFile, File()]
) -> Response:
    _signed_in(request, who)
    require_role(who, ("admin",), "create jobs")
    try:
        name, data = _files([file], ctx)[0]
        job = actions.create_job(ctx, who, name, data)
    except (InputError, IndexError) as exc:
        error = str(exc) if isinstance(exc, FairsiftError) else "choose a file to upload"
        return render(request, "jobs.html", 422, jobs=actions.jobs_for(ctx, who), error=error)
    return RedirectResponse(f"/jobs/{job['sha256']}", status_code=303)


@router.get("/jobs/{sha256}")
def job_page(request: Request, sha256: str, ctx: Ctx, who: Who) -> Response:
    _signed_in(request, who)
    job = actions.job_view(ctx, who, sha256)
    rows = actions.application_queue_for(ctx, who, ApplicationFilter(job=sha256, limit=20))
    counts = ctx.store.queue_counts()
    busy = counts.get("pending", 0) + counts.get("running", 0) > 0
    return render(request, "job.html", job=job, rows=rows, counts=counts, busy=busy, error=None)


@router.post("/jobs/{sha256}/applications")
def job_upload(
    request: Request,
    sha256: str,
    ctx: Ctx,
    who: Who,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    _signed_in(request, who)
    actions.upload_applications(ctx, who, sha256, _files(files, ctx))
    return RedirectResponse(f"/jobs/{sha256}", status_code=303)


# -- queues -----------------------------------------------------------------------------------


@router.get("/queues/applications")
def application_queue_page(
    request: Request,
    ctx: Ctx,
    who: Who,
    job: Text = None,
    q: Text = None,
    decision: Text = None,
    finding: Text = None,
    sort: Text = None,
) -> Response:
    _signed_in(request, who)
    want = ApplicationFilter(
        job or None, q or None, decision or None, finding or None, 500, sort=sort or None
    )
    rows = actions.application_queue_for(ctx, who, want)
    jobs = {j["sha256"]: j["title"] for j in actions.jobs_for(ctx, who)}
    return render(
        request,
        "queue_applications.html",
        rows=rows,
        jobs=jobs,
        want=want,
        decisions=DECISIONS["application"],
    )


@router.get("/queues/reports")
def report_queue_page(
    request: Request,
    ctx: Ctx,
    who: Who,
    language: Text = None,
    category: Text = None,
    urgency: Text = None,
    status: Text = None,
    q: Text = None,
) -> Response:
    _signed_in(request, who)
    want = ReportFilter(
        language or None, category or None, urgency or None, status or None, q or None, 500
    )
    rows = actions.report_queue_for(ctx, who, want)
    return render(
        request,
        "queue_reports.html",
        rows=rows,
        want=want,
        levels=URGENCY_LEVELS,
        statuses=("new", "triaged", *DECISIONS["report"]),
    )


# -- items and decisions ----------------------------------------------------------------------


@router.get("/applications/{item_id}")
def application_page(
    request: Request,
    item_id: ItemId,
    ctx: Ctx,
    who: Who,
    view: Annotated[str, Query(max_length=10)] = "blind",
    reason: Annotated[str, Query(max_length=1000)] = "",
) -> Response:
    _signed_in(request, who)
    try:
        item = actions.application_view(
            ctx, who, item_id, original=view == "original", reason=reason
        )
    except InputError as exc:  # revealing without a reason: the blind view, and why not
        item = actions.application_view(ctx, who, item_id)
        return render(
            request,
            "application.html",
            422,
            item=item,
            labels=DECISION_LABELS,
            error=None,
            reveal_error=exc,
        )
    return render(request, "application.html", item=item, labels=DECISION_LABELS, error=None)


@router.post("/applications/{item_id}/decision")
def application_decide(
    request: Request,
    item_id: ItemId,
    ctx: Ctx,
    who: Who,
    decision: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    _signed_in(request, who)
    try:
        actions.decide(ctx, who, "application", item_id, decision, reason)
    except InputError as exc:
        item = actions.application_view(ctx, who, item_id)
        return render(
            request, "application.html", 422, item=item, labels=DECISION_LABELS, error=exc
        )
    return RedirectResponse(f"/applications/{item_id}#decisions", status_code=303)


@router.get("/reports/{report_id}")
def report_page(
    request: Request,
    report_id: ItemId,
    ctx: Ctx,
    who: Who,
    view: Annotated[str, Query(max_length=10)] = "masked",
) -> Response:
    _signed_in(request, who)
    item = actions.report_view(ctx, who, report_id, original=view == "original")
    return render(request, "report.html", item=item, labels=DECISION_LABELS, error=None)


@router.post("/reports/{report_id}/decision")
def report_decide(
    request: Request,
    report_id: ItemId,
    ctx: Ctx,
    who: Who,
    decision: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    _signed_in(request, who)
    try:
        actions.decide(ctx, who, "report", report_id, decision, reason)
    except InputError as exc:
        item = actions.report_view(ctx, who, report_id)
        return render(request, "report.html", 422, item=item, labels=DECISION_LABELS, error=exc)
    return RedirectResponse(f"/reports/{report_id}#decisions", status_code=303)


# -- oversight, account and users ----------------------------------------------------------


@router.get("/oversight")
def oversight_page(
    request: Request,
    ctx: Ctx,
    who: Who,
    verify: Annotated[int, Query(ge=0, le=1)] = 0,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    _signed_in(request, who)
    entries = oversight.audit_entries(ctx, who, 100, offset)
    checked = oversight.verify(ctx, who) if verify else None
    return render(
        request,
        "oversight.html",
        entries=entries,
        checked=checked,
        stats=oversight.stats(ctx, who),
        demographics=oversight.demographics_aggregate(ctx, who),
        offset=offset,
    )


@router.get("/account")
def account_page(request: Request, who: Who) -> Response:
    _signed_in(request, who)
    return render(request, "account.html", token=None)


@router.post("/account/tokens")
def account_token(
    request: Request, ctx: Ctx, who: Who, label: Annotated[str, Form(max_length=200)] = "api"
) -> Response:
    me = _signed_in(request, who)
    secret = users.create_token(ctx.store, me.username, label or "api", me.username)
    return render(request, "account.html", token=secret)


@router.get("/users")
def users_page(request: Request, ctx: Ctx, who: Who) -> Response:
    _signed_in(request, who)
    require_role(who, ("admin",), "manage users")
    return render(request, "users.html", users=users.list_users(ctx.store), error=None)


@router.post("/users")
def users_add(
    request: Request,
    ctx: Ctx,
    who: Who,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str, Form(max_length=1000)],
    queues: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    me = _signed_in(request, who)
    require_role(who, ("admin",), "add users")
    try:
        wanted = [q for q in queues.replace(",", " ").split() if q]
        users.add_user(ctx.store, username, role, password, wanted, me.username)
    except FairsiftError as exc:
        people: list[dict[str, Any]] = users.list_users(ctx.store)
        return render(request, "users.html", 422, users=people, error=str(exc))
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{username}/remove")
def users_remove(request: Request, username: str, ctx: Ctx, who: Who) -> Response:
    me = _signed_in(request, who)
    require(who, who is not None and who.is_admin, "remove users")
    users.remove_user(ctx.store, username, me.username)
    ctx.sessions.drop_user(username)
    return RedirectResponse("/users", status_code=303)
