"""The review UI: server-rendered pages over the same actions as the API. No script runs
on these pages; forms post back and redirect (post/redirect/get)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from fairsift.errors import FairsiftError, InputError
from fairsift.review import users
from fairsift.review.decisions import DECISIONS
from fairsift.review.queue import URGENCY_LEVELS, ApplicationFilter, ReportFilter, job_list
from fairsift.screening.jobs import KINDS
from fairsift.service import actions, oversight, workflows
from fairsift.service.context import Context, context, principal, render
from fairsift.service.permissions import Principal, require, require_role
from fairsift.service.problems import MAX_ID, Unauthorized, status_for
from fairsift.store.review import REPORT_STATUSES

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
# What a hotline calls where a report stands (a decision sets its status).
STATUS_LABELS = {
    "new": "new",
    "triaged": "new (triaged)",
    "in_progress": "in progress",
    "route": "referred",
    "escalate": "escalated",
    "close": "closed",
    "malicious": "possibly malicious",
}


def _signed_in(request: Request, who: Principal | None) -> Principal:
    if who is None:
        raise Unauthorized("sign in to see this page", f"Sign in at /login?next={request.url.path}")
    return who


def _files(uploads: list[UploadFile], ctx: Context) -> list[tuple[str, bytes]]:
    limit = int(ctx.settings.max_upload_mb * 1_000_000)
    return [(f.filename or "upload.txt", f.file.read(limit + 1)) for f in uploads if f.filename]


# -- pagination ---------------------------------------------------------------------------

PAGE_SIZE = 50
AUDIT_PAGE = 100
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]


def _page_number(request: Request) -> int:
    """The ?page= of a page re-rendered after a form (validated on GET by PageNo)."""
    raw = request.query_params.get("page", "1")
    return min(max(int(raw), 1), 1_000_000) if raw.isdigit() else 1


def _pager(
    request: Request, page: int, total: int, size: int = PAGE_SIZE, path: str | None = None
) -> dict[str, Any]:
    """What a page's "1-50 of 351 · next" line needs; links keep the filters. `path` is the
    list's own address when the page answers a form posted elsewhere."""
    pages = max(1, -(-total // size))

    def url(n: int) -> str:
        target = request.url.include_query_params(page=n)
        return f"{path or target.path}?{target.query}"

    return {
        "page": page,
        "pages": pages,
        "total": total,
        "first": 0 if total == 0 else (page - 1) * size + 1,
        "last": min(total, page * size),
        "prev": url(min(page - 1, pages)) if page > 1 else None,
        "past": total > 0 and page > pages,  # a link to a page the list no longer reaches
        "next": url(page + 1) if page < pages else None,
    }


# -- jobs -------------------------------------------------------------------------------------


def _jobs_page(
    request: Request, ctx: Context, who: Principal | None, status: int = 200, **values: Any
) -> Response:
    archived = request.query_params.get("archived") == "1"
    page = _page_number(request)
    jobs, total = actions.job_page_for(ctx, who, archived, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    values = {"error": None, "posting": "", "title": "", **values}
    return render(
        request, "jobs.html", status, jobs=jobs, archived=archived,
        pager=_pager(request, page, total, path="/jobs"), **values,
    )  # fmt: skip


@router.get("/jobs")
def jobs_page(request: Request, ctx: Ctx, who: Who, page: PageNo = 1) -> Response:
    _signed_in(request, who)
    return _jobs_page(request, ctx, who)


@router.post("/jobs")
def jobs_create(
    request: Request,
    ctx: Ctx,
    who: Who,
    file: Annotated[UploadFile | None, File()] = None,
    posting: Annotated[str, Form(max_length=200_000)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    _signed_in(request, who)
    require_role(who, ("admin",), "create jobs")
    try:
        if posting.strip():
            job = workflows.create_job_from_text(ctx, who, posting, title)
        elif file is not None and file.filename:
            name, data = _files([file], ctx)[0]
            job = actions.create_job(ctx, who, name, data, title=title)
        else:
            raise InputError("no posting was given", "Paste the posting or choose its file")
    except FairsiftError as exc:
        return _jobs_page(
            request, ctx, who, 422, error=exc, posting=posting[:200_000], title=title[:300]
        )
    return RedirectResponse(f"/jobs/{job['sha256']}", status_code=303)


def _job_page(
    request: Request, ctx: Context, who: Principal | None, sha256: str, status: int = 200,
    **values: Any,
) -> Response:  # fmt: skip
    job = actions.job_view(ctx, who, sha256)
    rows, total = actions.application_page_for(ctx, who, ApplicationFilter(job=sha256, limit=20))
    uploads = ctx.store.job_uploads(sha256)
    busy = uploads["counts"]["pending"] + uploads["counts"]["running"] > 0
    values = {"error": None, "notice": None, **values}
    return render(
        request, "job.html", status, job=job, rows=rows, total=total, uploads=uploads,
        busy=busy, kinds=KINDS, labels=DECISION_LABELS, decisions=DECISIONS["application"],
        **values,
    )  # fmt: skip


def _queued(count: str) -> str:
    return f"{count} {'resume' if count == '1' else 'resumes'} queued for screening."


@router.get("/jobs/{sha256}")
def job_page(request: Request, sha256: str, ctx: Ctx, who: Who) -> Response:
    _signed_in(request, who)
    notice = None
    if request.query_params.get("uploaded"):
        notice = _queued(request.query_params["uploaded"])
    return _job_page(request, ctx, who, sha256, notice=notice)


@router.post("/jobs/{sha256}/applications")
def job_upload(
    request: Request,
    sha256: str,
    ctx: Ctx,
    who: Who,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    _signed_in(request, who)
    uploads = _files(files, ctx)
    try:
        if not uploads:  # says which field to fill
            actions.upload_applications(ctx, who, sha256, [])
        # One file fairsift cannot take never stops the others: each is queued or refused alone.
        queued, refused = 0, []
        for name, data in uploads:
            try:
                queued += len(actions.upload_applications(ctx, who, sha256, [(name, data)]))
            except InputError as exc:  # e.g. a type that cannot be read: name it on the page
                refused.append(exc.message)  # names the file
    except FairsiftError as exc:
        return _job_page(request, ctx, who, sha256, 422, error=exc)
    if refused:
        hint = "The other files were queued; convert these to PDF, DOCX or text and add them"
        notice = _queued(str(queued)) if queued else None
        error = InputError("; ".join(refused), hint if queued else None)
        return _job_page(request, ctx, who, sha256, 422, error=error, notice=notice)
    return RedirectResponse(f"/jobs/{sha256}?uploaded={queued}", status_code=303)


@router.post("/jobs/{sha256}/edit")
async def job_edit(request: Request, sha256: str, ctx: Ctx, who: Who) -> Response:
    """Label, archive or restore, delete, or save edited requirements as a new version."""
    _signed_in(request, who)
    form = await request.form()
    action = str(form.get("action") or "")
    try:
        if action == "label":
            require_role(who, ("admin",), "rename jobs")
            assert who is not None
            label = workflows.clean_title(str(form.get("label") or ""))
            ctx.store.update_job(sha256, who.username, label=label)
        elif action in ("archive", "restore"):
            require_role(who, ("admin",), "archive jobs")
            assert who is not None
            ctx.store.update_job(sha256, who.username, archived=action == "archive")
        elif action == "delete":
            require_role(who, ("admin",), "delete jobs")
            assert who is not None
            ctx.store.delete_job(sha256, who.username)
            return RedirectResponse("/jobs", status_code=303)
        elif action == "requirements":
            count = int(str(form.get("count") or "0") or 0)
            wanted = [
                {
                    "text": str(form.get(f"text-{i}") or ""),
                    "kind": str(form.get(f"kind-{i}") or "skill"),
                    "importance": str(form.get(f"importance-{i}") or "must"),
                    "weight": str(form.get(f"weight-{i}") or "1"),
                    "remove": form.get(f"remove-{i}") == "1",
                }
                for i in range(min(count, 200))
            ]
            job = workflows.revise_job(ctx, who, sha256, wanted)
            return RedirectResponse(f"/jobs/{job['sha256']}", status_code=303)
        else:
            raise InputError(f"unknown action {action!r}", "Use the buttons on the job page")
    except FairsiftError as exc:
        return _job_page(request, ctx, who, sha256, status_for(exc), error=exc)
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
    page: PageNo = 1,
) -> Response:
    _signed_in(request, who)
    want = ApplicationFilter(
        job or None, q or None, decision or None, finding or None, PAGE_SIZE,
        (page - 1) * PAGE_SIZE, sort=sort or None,
    )  # fmt: skip
    rows, total = actions.application_page_for(ctx, who, want)
    jobs = {j["sha256"]: j["display"] for j in actions.jobs_for(ctx, who)}
    return render(
        request,
        "queue_applications.html",
        rows=rows,
        jobs=jobs,
        want=want,
        decisions=DECISIONS["application"],
        labels=DECISION_LABELS,
        pager=_pager(request, page, total),
        error=None,
        blind=not (who is not None and who.sees_identities()),
    )


@router.post("/queues/applications/bulk")
async def application_bulk(request: Request, ctx: Ctx, who: Who) -> Response:
    """Decide on the ticked rows, or compare them (two or three)."""
    _signed_in(request, who)
    form = await request.form()
    ids = _ids(form.getlist("item"))
    back = _local(str(form.get("back") or "/queues/applications"))
    if form.get("action") == "compare":
        return RedirectResponse("/compare?" + "&".join(f"item={i}" for i in ids), status_code=303)
    decision, reason = str(form.get("decision") or ""), str(form.get("reason") or "")
    try:
        done = workflows.bulk_decide(ctx, who, "application", ids, decision, reason)
    except FairsiftError as exc:
        return _problem_page(request, exc, back)
    return RedirectResponse(_with(back, decided=len(done)), status_code=303)


@router.get("/compare")
def compare_page(
    request: Request,
    ctx: Ctx,
    who: Who,
    item: Annotated[list[int], Query(max_length=3)],
) -> Response:
    _signed_in(request, who)
    found = workflows.compare(ctx, who, item)
    return render(request, "compare.html", cmp=found)


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
    order: Text = None,
    assignee: Text = None,
    page: PageNo = 1,
) -> Response:
    _signed_in(request, who)
    want = ReportFilter(
        language or None, category or None, urgency or None, status or None, q or None,
        PAGE_SIZE, (page - 1) * PAGE_SIZE, order or "urgency,age", assignee or None,
    )  # fmt: skip
    rows, total = actions.report_page_for(ctx, who, want)
    return render(
        request,
        "queue_reports.html",
        rows=rows,
        want=want,
        levels=URGENCY_LEVELS,
        statuses=REPORT_STATUSES,
        status_labels=STATUS_LABELS,
        labels=DECISION_LABELS,
        decisions=DECISIONS["report"],
        languages=actions.report_languages(ctx, who),
        categories=workflows.taxonomy_names(ctx),
        assignees=_assignees(ctx),
        pager=_pager(request, page, total),
        alerts=workflows.alerts(ctx, who),
    )


@router.post("/queues/reports/bulk")
async def report_bulk(request: Request, ctx: Ctx, who: Who) -> Response:
    """Decide on the ticked reports, or on a whole duplicate group, in one action."""
    _signed_in(request, who)
    form = await request.form()
    ids = _ids(form.getlist("item"))
    back = _local(str(form.get("back") or "/queues/reports"))
    decision, reason = str(form.get("decision") or ""), str(form.get("reason") or "")
    try:
        done = workflows.bulk_decide(ctx, who, "report", ids, decision, reason)
    except FairsiftError as exc:
        return _problem_page(request, exc, back)
    return RedirectResponse(_with(back, decided=len(done)), status_code=303)


@router.post("/reports/import")
async def report_import(
    request: Request,
    ctx: Ctx,
    who: Who,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    """A CSV of reports or .eml messages from the browser, triaged like the CLI does."""
    _signed_in(request, who)
    uploads = _files(files, ctx)
    try:
        result = actions.import_reports(ctx, who, uploads)
    except FairsiftError as exc:
        return _problem_page(request, exc, "/queues/reports")
    return RedirectResponse(
        f"/queues/reports?order=age&imported={result['accepted']}&failed={result['failed']}",
        status_code=303,
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
            request, "application.html", 422, item=item, labels=DECISION_LABELS, error=None,
            reveal_error=exc, chosen="", reason="",
        )  # fmt: skip
    return render(request, "application.html", item=item, labels=DECISION_LABELS, error=None,
                  chosen="", reason="")  # fmt: skip


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
            request, "application.html", 422, item=item, labels=DECISION_LABELS, error=exc,
            chosen=decision, reason=reason,
        )  # fmt: skip
    return RedirectResponse(f"/applications/{item_id}#decisions", status_code=303)


def _report_page(
    request: Request, ctx: Context, who: Principal | None, report_id: int, status: int = 200,
    original: bool = False, **values: Any,
) -> Response:  # fmt: skip
    item = actions.report_view(ctx, who, report_id, original=original)
    values = {
        "error": None,
        "work_error": None,
        "chosen": "",
        "reason": "",
        "notice": None,
        **values,
    }
    return render(
        request, "report.html", status, item=item, labels=DECISION_LABELS,
        status_labels=STATUS_LABELS, statuses=REPORT_STATUSES, assignees=_assignees(ctx),
        categories=workflows.taxonomy_names(ctx), **values,
    )  # fmt: skip


@router.get("/reports/{report_id}")
def report_page(
    request: Request,
    report_id: ItemId,
    ctx: Ctx,
    who: Who,
    view: Annotated[str, Query(max_length=10)] = "masked",
) -> Response:
    _signed_in(request, who)
    return _report_page(request, ctx, who, report_id, original=view == "original")


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
        return _report_page(
            request, ctx, who, report_id, 422, error=exc, chosen=decision, reason=reason
        )
    return RedirectResponse(f"/reports/{report_id}#decisions", status_code=303)


@router.post("/reports/{report_id}/work")
async def report_work(request: Request, report_id: ItemId, ctx: Ctx, who: Who) -> Response:
    """Assign, change status, answer the reporter, or verify the categories."""
    _signed_in(request, who)
    form = await request.form()
    action = str(form.get("action") or "")
    anchor = "work"
    try:
        if action == "assign":
            workflows.assign_report(ctx, who, report_id, str(form.get("assignee") or ""))
        elif action == "status":
            workflows.set_report_status(ctx, who, report_id, str(form.get("status") or ""))
        elif action == "reply":
            workflows.reply_to_reporter(ctx, who, report_id, str(form.get("reply") or ""))
            anchor = "replies"
        elif action == "categories":
            chosen = [str(c) for c in form.getlist("category")]
            workflows.review_categories(ctx, who, report_id, chosen)
            anchor = "categories"
        else:
            raise InputError(f"unknown action {action!r}", "Use the buttons on the report page")
    except FairsiftError as exc:
        return _report_page(request, ctx, who, report_id, 422, work_error=exc)
    return RedirectResponse(f"/reports/{report_id}#{anchor}", status_code=303)


@router.get("/exports/category-corrections.csv")
def corrections_export(
    request: Request,
    ctx: Ctx,
    who: Who,
    corrected: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Response:
    _signed_in(request, who)
    body = workflows.export_corrections(ctx, who, corrected_only=bool(corrected))
    name = "category-corrections.csv" if corrected else "category-reviews.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def _assignees(ctx: Context) -> list[tuple[str, str]]:
    people = [(f"user:{u['username']}", u["username"]) for u in workflows.assignable(ctx)]
    teams = [(f"team:{t}", f"team {t}") for t in ctx.settings.teams]
    return teams + people


def _ids(values: list[Any]) -> list[int]:
    out = []
    for value in values:
        text = str(value)
        if text.isdigit() and 0 < int(text) <= MAX_ID:
            out.append(int(text))
    return out


def _local(path: str) -> str:
    return path if path.startswith("/") and not path.startswith("//") else "/"


def _with(path: str, **params: Any) -> str:
    joiner = "&" if "?" in path else "?"
    return path + joiner + "&".join(f"{k}={v}" for k, v in params.items())


def _problem_page(request: Request, exc: FairsiftError, back: str) -> Response:
    return render(request, "problem.html", 422, error=exc, back=back)


# -- oversight, account and users ----------------------------------------------------------


@router.get("/oversight")
def oversight_page(
    request: Request,
    ctx: Ctx,
    who: Who,
    verify: Annotated[int, Query(ge=0, le=1)] = 0,
    page: PageNo = 1,
) -> Response:
    _signed_in(request, who)
    entries = oversight.audit_entries(ctx, who, AUDIT_PAGE, (page - 1) * AUDIT_PAGE)
    pager = _pager(request, page, oversight.audit_total(ctx, who), AUDIT_PAGE)
    checked = oversight.verify(ctx, who) if verify else None
    return render(
        request,
        "oversight.html",
        entries=entries,
        checked=checked,
        stats=oversight.stats(ctx, who),
        demographics=oversight.demographics_aggregate(ctx, who),
        pager=pager,
    )


def _account_page(request: Request, ctx: Context, who: Principal, status: int = 200,
                  **values: Any) -> Response:  # fmt: skip
    values = {"token": None, "error": None, "notice": None, **values}
    tokens = ctx.store.list_api_tokens(who.username)
    return render(request, "account.html", status, tokens=tokens, **values)


@router.get("/account")
def account_page(request: Request, ctx: Ctx, who: Who) -> Response:
    me = _signed_in(request, who)
    return _account_page(request, ctx, me)


@router.post("/account/tokens")
def account_token(
    request: Request, ctx: Ctx, who: Who, label: Annotated[str, Form(max_length=200)] = "api"
) -> Response:
    me = _signed_in(request, who)
    secret = users.create_token(ctx.store, me.username, label or "api", me.username)
    return _account_page(request, ctx, me, token=secret)


@router.post("/account/tokens/{token_id}/revoke")
def account_token_revoke(request: Request, token_id: ItemId, ctx: Ctx, who: Who) -> Response:
    me = _signed_in(request, who)
    try:
        ctx.store.revoke_api_token(token_id, me.username, owner=me.username)
    except FairsiftError as exc:
        return _account_page(request, ctx, me, 404, error=exc)
    return _account_page(request, ctx, me, notice="The token was revoked.")


@router.post("/account/password")
def account_password(
    request: Request,
    ctx: Ctx,
    who: Who,
    current: Annotated[str, Form(max_length=1000)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    me = _signed_in(request, who)
    try:
        users.set_password(ctx.store, me.username, password, me.username, current=current)
    except FairsiftError as exc:
        return _account_page(request, ctx, me, 422, error=exc)
    return _account_page(request, ctx, me, notice="Your password was changed.")


def _users_page(request: Request, ctx: Context, status: int = 200, **values: Any) -> Response:
    values = {"error": None, "notice": None, **values}
    jobs = [(j["sha256"], j["display"]) for j in job_list(ctx.store, archived=False)]
    page = _page_number(request)
    people = users.list_users(ctx.store, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return render(
        request, "users.html", status, users=people, jobs=jobs,
        pager=_pager(request, page, ctx.store.count_users(), path="/users"),
        tokens=ctx.store.list_api_tokens(), **values,
    )  # fmt: skip


@router.get("/users")
def users_page(request: Request, ctx: Ctx, who: Who, page: PageNo = 1) -> Response:
    _signed_in(request, who)
    require_role(who, ("admin",), "manage users")
    return _users_page(request, ctx)


def _queues(form_values: list[Any]) -> list[str]:
    """Queues ticked in a list: applications, reports, or job:<sha256>."""
    return [str(v) for v in form_values if str(v)]


@router.post("/users")
async def users_add(request: Request, ctx: Ctx, who: Who) -> Response:
    me = _signed_in(request, who)
    require_role(who, ("admin",), "add users")
    form = await request.form()
    try:
        users.add_user(
            ctx.store,
            str(form.get("username") or "")[:64],
            str(form.get("role") or "")[:20],
            str(form.get("password") or "")[:1000],
            _queues(form.getlist("queue")),
            me.username,
        )
    except FairsiftError as exc:
        return _users_page(request, ctx, status_for(exc), error=exc)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{username}/{action}")
async def users_change(
    request: Request, username: str, action: str, ctx: Ctx, who: Who
) -> Response:
    """Remove (after confirming), reactivate, unlock, reset the password, or change the role
    and queues of a user. The last active admin cannot be removed or demoted (409)."""
    me = _signed_in(request, who)
    require(who, who is not None and who.is_admin, "manage users")
    form = await request.form()
    notice = None
    try:
        if action == "remove":
            if form.get("confirm") != username:
                raise InputError(
                    f"removing {username!r} was not confirmed",
                    f"Type {username} in the confirmation box to remove them",
                )
            users.remove_user(ctx.store, username, me.username)
            ctx.sessions.drop_user(username)
            notice = f"{username} was removed; they can be reactivated."
        elif action == "reactivate":
            users.reactivate_user(ctx.store, username, me.username)
            notice = f"{username} can sign in again (API tokens must be created anew)."
        elif action == "unlock":
            ctx.store.unlock_user(username, me.username)
            notice = f"{username} is unlocked."
        elif action == "password":
            users.set_password(ctx.store, username, str(form.get("password") or ""), me.username)
            ctx.sessions.drop_user(username)
            notice = f"{username}'s password was reset; tell them in person."
        elif action == "update":
            users.update_user(
                ctx.store,
                username,
                str(form.get("role") or ""),
                _queues(form.getlist("queue")),
                me.username,
            )
            ctx.sessions.drop_user(username)
            notice = f"{username}'s role and queues were changed."
        elif action == "revoke-token":
            token = str(form.get("token") or "")
            if not token.isdigit():
                raise InputError("no token was chosen", "Use the Revoke button beside a token")
            ctx.store.revoke_api_token(int(token), me.username)
            notice = "The token was revoked."
        else:
            raise InputError(f"unknown action {action!r}", "Use the buttons on the Users page")
    except FairsiftError as exc:
        return _users_page(request, ctx, status_for(exc), error=exc)
    return _users_page(request, ctx, notice=notice)
