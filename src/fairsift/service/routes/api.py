"""The REST API under /api. Handlers are thin: they call fairsift.service.actions, which
checks who may do what."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from fairsift import __version__
from fairsift.errors import InputError, TooLarge
from fairsift.review import users
from fairsift.review.queue import ApplicationFilter, ReportFilter
from fairsift.service import accounts, actions, oversight
from fairsift.service.context import Context, client_ip, context, principal, set_cookie
from fairsift.service.permissions import Principal, require, require_role
from fairsift.service.problems import MAX_ID, NotFound
from fairsift.service.sessions import SESSION_COOKIE

__all__ = ["router"]

ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="An id from a list")]

router = APIRouter(prefix="/api")
Ctx = Annotated[Context, Depends(context)]
Who = Annotated[Principal | None, Depends(principal)]
SHA = r"^[0-9a-f]{64}$"
Problem: dict[int | str, dict[str, Any]] = {
    "4XX": {
        "description": "Problem JSON (RFC 9457) with a hint",
        "content": {"application/problem+json": {}},
    }
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class TokenIn(Strict):
    label: str = Field("api", min_length=1, max_length=200)


class UserIn(Strict):
    username: str = Field(max_length=64)
    role: Literal["admin", "reviewer", "auditor"]
    password: str = Field(max_length=1000)
    queues: list[str] = Field(default_factory=list, max_length=50)


class UserChange(Strict):
    role: Literal["admin", "reviewer", "auditor"]
    queues: list[str] = Field(default_factory=list, max_length=50)


class DecisionIn(Strict):
    decision: str = Field(
        max_length=40,
        description="application: advance|reject|hold; report: route|escalate|close|malicious",
    )
    reason: str = Field(max_length=4000, description="Why; required")


class ReportIn(Strict):
    text: str = Field(max_length=200_000)
    contact: str | None = Field(None, max_length=500, description="Stored apart from the report")
    idempotency_key: str | None = Field(None, max_length=200, description="Resend safely")


class ReceiptIn(Strict):
    code: str = Field(max_length=100)


class AdditionIn(Strict):
    code: str = Field(max_length=100)
    text: str = Field(max_length=200_000)


class SelfIdIn(Strict):
    candidate: str = Field(pattern=SHA)
    code: str = Field(max_length=100)
    sex: str | None = Field(None, max_length=100)
    race_ethnicity: str | None = Field(None, max_length=100)


class DemographicIn(Strict):
    candidate_sha256: str = Field(pattern=SHA)
    sex: str | None = Field(None, max_length=100)
    race_ethnicity: str | None = Field(None, max_length=100)


def _read(upload: UploadFile, ctx: Context) -> tuple[str, bytes]:
    limit = int(ctx.settings.max_upload_mb * 1_000_000)
    data = upload.file.read(limit + 1)
    name = upload.filename or "upload.txt"
    if len(data) > limit:
        raise TooLarge(f"{name!r} is over {limit:,} bytes", "Upload a smaller file")
    return name, data


# -- service and people ---------------------------------------------------------------------


@router.get("/health", tags=["service"], responses=Problem)
def health(ctx: Ctx) -> dict[str, Any]:
    """Whether the service is up; `first_run` is true until the first admin exists."""
    first = accounts.first_run(ctx.store)
    return {
        "status": "ok",
        "version": __version__,
        "first_run": first,
        "hint": accounts.FIRST_RUN_HINT if first else None,
        "worker": ctx.worker is not None and ctx.worker.alive,
    }


@router.post("/session", tags=["people"], responses=Problem)
def sign_in(body: LoginIn, request: Request, ctx: Ctx) -> JSONResponse:
    """Sign in with a password; sets an HttpOnly session cookie. Send `csrf_token` back as
    X-CSRF-Token on every later POST that uses the cookie."""
    session = accounts.login(ctx, body.username, body.password, client_ip(request))
    user = ctx.store.get_user(session.username)
    assert user is not None
    response = JSONResponse({**accounts.user_dict(user), "csrf_token": session.csrf})
    set_cookie(request, response, SESSION_COOKIE, session.id, None)
    return response


@router.delete("/session", tags=["people"], responses=Problem, status_code=204)
def sign_out(request: Request, ctx: Ctx, who: Who) -> Response:
    require_role(who, ("admin", "reviewer", "auditor"), "sign out")
    session = ctx.sessions.get(request.cookies.get(SESSION_COOKIE))
    if session is not None:
        ctx.sessions.drop(session.id)
        ctx.store.append_audit("logout", session.username, session.username, {})
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", tags=["people"], responses=Problem)
def about_me(who: Who) -> dict[str, Any]:
    return accounts.me(who)


@router.post("/tokens", tags=["people"], responses=Problem, status_code=201)
def new_token(body: TokenIn, ctx: Ctx, who: Who) -> dict[str, Any]:
    """A new API token for yourself, shown once: use it as 'Authorization: Bearer <token>'."""
    me = require_role(who, ("admin", "reviewer", "auditor"), "create API tokens")
    secret = users.create_token(ctx.store, me.username, body.label, me.username)
    return {"token": secret, "label": body.label, "username": me.username}


@router.get("/users", tags=["people"], responses=Problem)
def list_users(ctx: Ctx, who: Who) -> list[dict[str, Any]]:
    require_role(who, ("admin",), "list users")
    return users.list_users(ctx.store)


@router.post("/users", tags=["people"], responses=Problem, status_code=201)
def add_user(body: UserIn, ctx: Ctx, who: Who) -> dict[str, Any]:
    me = require_role(who, ("admin",), "add users")
    users.add_user(ctx.store, body.username, body.role, body.password, body.queues, me.username)
    user = ctx.store.get_user(body.username)
    assert user is not None
    return accounts.user_dict(user)


@router.delete("/users/{username}", tags=["people"], responses=Problem, status_code=204)
def remove_user(username: str, ctx: Ctx, who: Who) -> Response:
    me = require_role(who, ("admin",), "remove users")
    users.remove_user(ctx.store, username, me.username)
    ctx.sessions.drop_user(username)
    return Response(status_code=204)


@router.patch("/users/{username}", tags=["people"], responses=Problem)
def change_user(username: str, body: UserChange, ctx: Ctx, who: Who) -> dict[str, Any]:
    """Change a user's role and queues. Demoting the last active admin answers 409."""
    me = require_role(who, ("admin",), "change users")
    users.update_user(ctx.store, username, body.role, body.queues, me.username)
    ctx.sessions.drop_user(username)
    user = ctx.store.get_user(username)
    assert user is not None
    return accounts.user_dict(user)


@router.post("/users/{username}/reactivate", tags=["people"], responses=Problem)
def reactivate_user(username: str, ctx: Ctx, who: Who) -> dict[str, Any]:
    """Let a removed user sign in again (their old API tokens stay revoked)."""
    me = require_role(who, ("admin",), "reactivate users")
    users.reactivate_user(ctx.store, username, me.username)
    user = ctx.store.get_user(username)
    assert user is not None
    return accounts.user_dict(user)


# -- jobs and applications ------------------------------------------------------------------


@router.get("/jobs", tags=["applications"], responses=Problem)
def jobs(ctx: Ctx, who: Who) -> list[dict[str, Any]]:
    return actions.jobs_for(ctx, who)


@router.post("/jobs", tags=["applications"], responses=Problem, status_code=201)
def create_job(
    ctx: Ctx, who: Who, file: Annotated[UploadFile, File(description="Posting or TOML spec")]
) -> dict[str, Any]:
    """Create a job from an uploaded posting (PDF, DOCX, TXT, MD, HTML) or TOML spec."""
    require_role(who, ("admin",), "create jobs")
    name, data = _read(file, ctx)
    return actions.create_job(ctx, who, name, data)


@router.get("/jobs/{sha256}", tags=["applications"], responses=Problem)
def job(sha256: str, ctx: Ctx, who: Who) -> dict[str, Any]:
    return actions.job_view(ctx, who, sha256)


@router.post(
    "/jobs/{sha256}/applications", tags=["applications"], responses=Problem, status_code=202
)
def upload_applications(
    sha256: str,
    ctx: Ctx,
    who: Who,
    files: Annotated[list[UploadFile], File(description="Resumes")],
) -> dict[str, Any]:
    """Queue resumes for screening against this job. Answers 202 once every file is stored
    and queued; follow each `status_url` for progress."""
    require(who, who is not None and who.reviews_job(sha256), "add applications to this job")
    read = [_read(f, ctx) for f in files[:500]]
    return {"accepted": actions.upload_applications(ctx, who, sha256, read)}


@router.get("/ingest", tags=["service"], responses=Problem)
def ingest_counts(ctx: Ctx, who: Who) -> dict[str, int]:
    """How many queued items are pending, running, done and failed."""
    require_role(who, ("admin", "reviewer", "auditor"), "see the ingest queue")
    return ctx.store.queue_counts()


@router.get("/ingest/{item_id}", tags=["service"], responses=Problem)
def ingest_item(item_id: ItemId, ctx: Ctx, who: Who) -> dict[str, Any]:
    return actions.ingest_status(ctx, who, item_id)


@router.get("/queues/applications", tags=["applications"], responses=Problem)
def application_queue(
    ctx: Ctx,
    who: Who,
    job: Annotated[str | None, Query(pattern=SHA)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    decision: Annotated[Literal["none", "advance", "reject", "hold"] | None, Query()] = None,
    finding: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    sort: Annotated[Literal["rank", "candidate", "decision", "newest"] | None, Query()] = None,
) -> list[dict[str, Any]]:
    """Applications ranked by score within their job. Candidates are pseudonyms except for
    admins (blind review); `q` and `sort` use the candidate as shown, never who they are."""
    want = ApplicationFilter(job, q, decision, finding, limit, offset, sort)
    return actions.application_queue_for(ctx, who, want)


@router.get("/applications/{item_id}", tags=["applications"], responses=Problem)
def application(
    item_id: ItemId,
    ctx: Ctx,
    who: Who,
    view: Annotated[Literal["blind", "original"], Query()] = "blind",
    reason: Annotated[str | None, Query(max_length=1000)] = None,
) -> dict[str, Any]:
    """One application: recommendation, each requirement with evidence spans into `text`,
    findings, provenance and decisions. `text` is the blind text; view=original (admins
    only) reveals the original and the file name, with a `reason` kept in the audit log."""
    item = actions.application_view(ctx, who, item_id, original=view == "original", reason=reason)
    item.pop("segments")
    return item


@router.post(
    "/applications/{item_id}/decisions", tags=["applications"], responses=Problem, status_code=201
)
def decide_application(item_id: ItemId, body: DecisionIn, ctx: Ctx, who: Who) -> dict[str, Any]:
    return actions.decide(ctx, who, "application", item_id, body.decision, body.reason)


# -- reports --------------------------------------------------------------------------------


def _report_sender(who: Principal | None) -> Principal:
    return require(who, who is not None and who.reviews_reports(), "submit reports through the API")


@router.post("/reports", tags=["reports"], responses=Problem, status_code=202)
def submit_report(body: ReportIn, ctx: Ctx, who: Who) -> dict[str, Any]:
    """Submit a report as JSON (for intake systems; the public uses the form at /report).
    Answers 202 once it is stored and queued; `receipt` lets the reporter add to it later."""
    sender = _report_sender(who)
    return actions.submit_report(
        ctx, body.text, body.contact, "api", sender.username, body.idempotency_key
    )


@router.post("/reports/upload", tags=["reports"], responses=Problem, status_code=202)
def submit_report_multipart(
    ctx: Ctx,
    who: Who,
    text: Annotated[str | None, Form(max_length=200_000)] = None,
    contact: Annotated[str | None, Form(max_length=500)] = None,
    idempotency_key: Annotated[str | None, Form(max_length=200)] = None,
    file: Annotated[UploadFile | None, File(description="A plain-text report")] = None,
) -> dict[str, Any]:
    """Submit a report as multipart form data: a `text` field or a UTF-8 text `file`."""
    sender = _report_sender(who)
    body = text or ""
    if file is not None:
        _, data = _read(file, ctx)
        try:
            body = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("the report file is not UTF-8 text", "Save it as UTF-8") from exc
    return actions.submit_report(ctx, body, contact, "api", sender.username, idempotency_key)


@router.get("/queues/reports", tags=["reports"], responses=Problem)
def report_queue(
    ctx: Ctx,
    who: Who,
    language: Annotated[str | None, Query(max_length=20)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    urgency: Annotated[Literal["critical", "high", "normal", "low"] | None, Query()] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[dict[str, Any]]:
    """Reports by urgency (critical first), then oldest first."""
    want = ReportFilter(language, category, urgency, status, q, limit, offset)
    return actions.report_queue_for(ctx, who, want)


@router.get("/reports/{report_id}", tags=["reports"], responses=Problem)
def report(
    report_id: ItemId,
    ctx: Ctx,
    who: Who,
    view: Annotated[Literal["masked", "original"], Query()] = "masked",
) -> dict[str, Any]:
    """One report: its text as received (names, phones, e-mails and links masked; the
    original for admins with view=original) and in English, categories, urgency with its
    reason, duplicates, campaign flag, findings, additions and decisions."""
    return actions.report_view(ctx, who, report_id, original=view == "original")


@router.post("/reports/{report_id}/decisions", tags=["reports"], responses=Problem, status_code=201)
def decide_report(report_id: ItemId, body: DecisionIn, ctx: Ctx, who: Who) -> dict[str, Any]:
    return actions.decide(ctx, who, "report", report_id, body.decision, body.reason)


@router.post("/receipts/status", tags=["reports"], responses=Problem)
def receipt_status(body: ReceiptIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    """What happened to a report, for its reporter (no login; the receipt code is the key)."""
    return oversight.receipt_status(ctx, body.code, client_ip(request))


@router.post("/receipts/additions", tags=["reports"], responses=Problem, status_code=201)
def receipt_addition(body: AdditionIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    """Add information to a report with its receipt code, without saying who you are."""
    return oversight.add_to_report(ctx, body.code, body.text, client_ip(request))


# -- exports and oversight ------------------------------------------------------------------


@router.get("/exports/applications", tags=["exports"], responses=Problem)
def export_applications(
    ctx: Ctx,
    who: Who,
    job: Annotated[str, Query(pattern=SHA)],
    format: Annotated[Literal["csv", "jsonl"], Query()] = "csv",
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """A job's ranked applications and decisions (audited); `q` keeps the candidates whose
    name as shown (a pseudonym in blind review) contains it."""
    body, media = actions.export_applications(ctx, who, job, format, q)
    name = f"applications-{job[:12]}.{format}"
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


@router.get("/exports/reports", tags=["exports"], responses=Problem)
def export_reports(
    ctx: Ctx, who: Who, format: Annotated[Literal["csv", "jsonl"], Query()] = "csv"
) -> Response:
    """Every report with its triage and decision (audited)."""
    body, media = actions.export_reports(ctx, who, format)
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="reports.{format}"'},
    )


@router.get("/audit", tags=["oversight"], responses=Problem)
def audit_log(
    ctx: Ctx,
    who: Who,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, Any]]:
    """The audit log, newest first (auditors and admins)."""
    return oversight.audit_entries(ctx, who, limit, offset)


@router.get("/audit/verify", tags=["oversight"], responses=Problem)
def audit_verify(ctx: Ctx, who: Who) -> dict[str, Any]:
    """Check the hash chain: any edited, deleted, inserted or reordered entry is named."""
    return oversight.verify(ctx, who)


@router.get("/stats", tags=["oversight"], responses=Problem)
def stats(ctx: Ctx, who: Who) -> dict[str, Any]:
    """Aggregate figures only: counts by status, urgency, category, language and decision."""
    return oversight.stats(ctx, who)


@router.post("/self-id", tags=["oversight"], responses=Problem, status_code=201)
def self_identify(body: SelfIdIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    """A candidate's voluntary self-identification for bias audits, with the code from
    their link. Stored apart; reviewers never see it."""
    return oversight.self_identify(
        ctx, body.candidate, body.code, body.sex, body.race_ethnicity, client_ip(request)
    )


@router.post("/demographics", tags=["oversight"], responses=Problem, status_code=201)
def put_demographic(body: DemographicIn, ctx: Ctx, who: Who) -> dict[str, Any]:
    """Import one candidate's self-identification (admins, e.g. from an applicant system)."""
    me = require_role(who, ("admin",), "import demographics")
    ctx.store.put_demographic(body.candidate_sha256, body.sex, body.race_ethnicity, me.username)
    return {"stored": True}


@router.get("/demographics/aggregate", tags=["oversight"], responses=Problem)
def demographics_aggregate(ctx: Ctx, who: Who) -> dict[str, Any]:
    """Counts and the bias audit (selection and scoring rates, impact ratios) by sex and
    race/ethnicity. Auditors and admins only; never per person."""
    return oversight.demographics_aggregate(ctx, who)


def not_found(detail: str) -> NotFound:
    return NotFound(detail, "Check the address; the API is described at /openapi.json")
