"""The REST API under /api, described by /openapi.json. Handlers are thin: they call
fairsift.service.actions, which checks who may do what.

The document is a contract (fuzzed by schemathesis in the tests): every rule the code checks
on a field is in its schema (lengths, patterns, enums, required fields), every status an
operation can answer is declared with its problem body, and every media type it returns is
listed. Patterns are written so that Python's, Rust's and ECMAScript's regex engines agree on
them (pydantic checks them with Rust's, as schemathesis validates).

Lists answer a JSON array; `X-Total-Count` says how many rows all pages hold and `Link`
(rel="next") points to the next page while there is one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.datastructures import FormData, UploadFile

from fairsift import __version__
from fairsift.errors import FairsiftError, InputError, TooLarge
from fairsift.intake.sniff import SUPPORTED_SUFFIXES, sniff
from fairsift.review import users
from fairsift.review.decisions import APPLICATION_DECISIONS, MAX_REASON, REPORT_DECISIONS
from fairsift.review.queue import URGENCY_LEVELS, ApplicationFilter, ReportFilter
from fairsift.service import accounts, actions, oversight
from fairsift.service.context import Context, client_ip, context, principal, set_cookie
from fairsift.service.permissions import Principal, require, require_role
from fairsift.service.problems import MAX_ID, BadRequest, Conflict, Forbidden, NotFound
from fairsift.service.sessions import SESSION_COOKIE

__all__ = ["PUBLIC_PATHS", "Compact", "router"]

router = APIRouter(prefix="/api")


# Async on purpose: FastAPI runs each sync dependency in its own worker-thread hop, and under
# many concurrent reads those hops cost more than the work (the request gate has usually
# found the principal already).
async def _context(request: Request) -> Context:
    return context(request)


async def _principal(request: Request) -> Principal | None:
    if hasattr(request.state, "principal"):
        found: Principal | None = request.state.principal
        return found
    return await run_in_threadpool(principal, request)


Ctx = Annotated[Context, Depends(_context)]
Who = Annotated[Principal | None, Depends(_principal)]

SHA = r"^[0-9a-f]{64}$"
# At least one character that str.strip() keeps (and not NUL, which is dropped), spelled out
# so every regex engine (Python, Rust, ECMAScript) agrees; `\S` differs between them.
NONBLANK = (
    r"[^\x00\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
USERNAME = r"^[A-Za-z0-9_.@\-]{1,64}$"
QUEUE = r"^(applications|reports|job:[0-9a-f]{64})$"
MAX_FILES = 500
# Paths anyone may call; every other /api path answers 401 before its body is read.
PUBLIC_PATHS = frozenset(
    {"/api/health", "/api/session", "/api/receipts/status", "/api/receipts/additions"}
    | {"/api/self-id"}
)


# -- the document's building blocks -----------------------------------------------------------


class Problem(BaseModel):
    """Problem JSON (RFC 9457) with a `hint` saying what to do."""

    type: str
    title: str
    status: int
    detail: str
    hint: str
    code: str
    errors: list[dict[str, str]] | None = Field(None, description="Invalid fields (422)")


_WHY = {
    400: "The request is malformed",
    401: "Not signed in, or the token is not valid",
    403: "Signed in, but this role may not do it (or the security token is missing)",
    404: "No such item",
    405: "The path exists but not with this method (see the Allow header)",
    409: "It conflicts with what is stored or a rule between fields (see the operation)",
    411: "A body without a Content-Length",
    413: "The body or a file is over the limit",
    415: "A file that is not a supported type",
    422: "A field breaks a rule of this document, or a file cannot be read",
    429: "Too many requests from this address (see Retry-After)",
    503: "The database is unavailable",
}
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def errors(*statuses: int, public: bool = False) -> dict[int | str, dict[str, Any]]:
    """The problem responses of an operation: the statuses named plus those every operation
    can answer (401 when it needs sign-in, 413 for a body over the limit, 503)."""
    every = {413, 503} | (set() if public else {401})
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted(every | set(statuses)):
        out[status] = {"description": _WHY[status], "content": _PROBLEM}
    return out


PAGE_HEADERS = {
    "X-Total-Count": {
        "description": "How many rows all pages hold",
        "schema": {"type": "integer", "minimum": 0},
        "required": True,
    },
    "Link": {
        "description": 'The next page, as <url>; rel="next" (absent on the last page)',
        "schema": {"type": "string"},
    },
}


def page_response(model: Any) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": "One page", "headers": PAGE_HEADERS, "model": model}}


class Strict(BaseModel):
    """A request body: unknown fields refused; NUL characters dropped from every string once
    it is valid (PostgreSQL cannot store them and they never carry meaning in text)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _no_nul(self) -> Self:
        # after validation, so lengths are checked on the text as sent (as the document
        # states them); a password is never stored, so it keeps every character
        for name in type(self).model_fields:
            if name != "password":
                object.__setattr__(self, name, _without_nul(getattr(self, name)))
        return self


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


class Compact(JSONResponse):
    """JSON without spaces, UTF-8 as is; dates in ISO 8601 (orjson: a page of 100 rows in a
    tenth of the time json takes)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=_plain, option=orjson.OPT_NON_STR_KEYS)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, FilePath | set | frozenset | tuple):
        return str(value) if isinstance(value, FilePath) else list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def paged(request: Request, rows: list[Any], total: int | None, limit: int, offset: int) -> Compact:
    """A list page with its total and the link to the next page."""
    headers = {}
    more = offset + len(rows) < total if total is not None else len(rows) == limit
    if total is not None:
        headers["X-Total-Count"] = str(total)
    if more and rows:
        query = dict(request.query_params)
        query.update(limit=str(limit), offset=str(offset + len(rows)))
        headers["Link"] = f'<{request.url.path}?{urlencode(query)}>; rel="next"'
    return Compact(rows, headers=headers)


def allowed(check: Callable[[Principal], bool], what: str) -> Any:
    """A route dependency: 401/403 before the body is read or validated."""

    def dependency(who: Who) -> Principal:
        return require(who, who is not None and check(who), what)

    return Depends(dependency)


def _admin(who: Principal) -> bool:
    return who.is_admin


# -- path and query parameters ------------------------------------------------------------

ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="An id from a list")]
JobSha = Annotated[str, Path(description="The job's sha256", pattern=SHA)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip")]


# -- bodies -------------------------------------------------------------------------------------


class LoginIn(Strict):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class TokenIn(Strict):
    label: str = Field("api", min_length=1, max_length=200)


class UserIn(Strict):
    username: str = Field(pattern=USERNAME, description="Letters, digits, . _ - @")
    role: Literal["admin", "reviewer", "auditor"]
    password: str = Field(
        min_length=users.MIN_PASSWORD, max_length=users.MAX_PASSWORD, description="A passphrase"
    )
    queues: list[Annotated[str, Field(pattern=QUEUE)]] = Field(
        default_factory=list,
        max_length=50,
        description="A reviewer's queues (at least one, else 409): applications (every job), "
        "job:<sha256> (one job) or reports. Ignored for admins and auditors, who see all",
    )


class UserChange(Strict):
    role: Literal["admin", "reviewer", "auditor"]
    queues: list[Annotated[str, Field(pattern=QUEUE)]] = Field(
        default_factory=list,
        max_length=50,
        description="A reviewer's queues (at least one, else 409); ignored for admins and auditors",
    )


class _DecisionBase(Strict):
    reason: str = Field(
        pattern=NONBLANK, max_length=MAX_REASON, description="Why, for another reviewer"
    )


class ApplicationDecisionIn(_DecisionBase):
    decision: Literal[APPLICATION_DECISIONS]  # type: ignore[valid-type]


class ReportDecisionIn(_DecisionBase):
    decision: Literal[REPORT_DECISIONS]  # type: ignore[valid-type]


class ReportIn(Strict):
    text: str = Field(pattern=NONBLANK, max_length=200_000, description="The report, any language")
    contact: str | None = Field(None, max_length=500, description="Stored apart from the report")
    idempotency_key: str | None = Field(None, max_length=200, description="Resend safely")


class ReceiptIn(Strict):
    code: str = Field(max_length=100)


class AdditionIn(Strict):
    code: str = Field(max_length=100)
    text: str = Field(pattern=NONBLANK, max_length=200_000)


class SelfIdIn(Strict):
    candidate: str = Field(pattern=SHA)
    code: str = Field(max_length=100)
    sex: str | None = Field(None, max_length=100)
    race_ethnicity: str | None = Field(None, max_length=100)


class DemographicIn(Strict):
    candidate_sha256: str = Field(pattern=SHA)
    sex: str | None = Field(None, max_length=100)
    race_ethnicity: str | None = Field(None, max_length=100)


# -- responses (what lists and items hold; items may carry more fields) ----------------------


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class UserOut(Open):
    username: str
    role: Literal["admin", "reviewer", "auditor"]
    queues: list[str]
    active: bool
    locked: bool


class TokenOut(Open):
    token: str
    label: str
    username: str


class JobOut(Open):
    sha256: str
    title: str
    source: str
    requirements: list[Any]


class Accepted(Open):
    item_id: int
    name: str
    sha256: str
    created: bool
    status_url: str
    self_id_url: str


class QueuedJob(Open):
    item_id: int
    name: str
    sha256: str = Field(description="The posting's SHA-256: the job's id once it is read")
    status_url: str


class AcceptedFiles(Open):
    accepted: list[Accepted]


class QueuedReport(Open):
    report_id: int
    receipt: str
    status: str
    status_url: str


class ApplicationRow(Open):
    id: int
    job_sha256: str | None
    candidate: str | None
    score: float | None
    rank: int | None
    decision: Literal["advance", "reject", "hold"] | None
    error: str | None


class ReportRow(Open):
    id: int
    status: str | None
    urgency: Literal["critical", "high", "normal", "low"] | None
    categories: list[str | None]
    triaged: bool
    preview: str


class DecisionOut(Open):
    id: int
    kind: Literal["application", "report"]
    item_id: int
    decision: str


class AuditEntryOut(Open):
    seq: int | None = None
    action: str | None = None


class AuditItemOut(Open):
    entry_id: int
    item: int
    event: str
    hash: str


# -- files ----------------------------------------------------------------------------------------

_SUFFIX_FOR = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "markdown": ".md", "text": ".txt"}

# The media types a file part may declare (its Content-Type), and the type each is read as.
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
}
JOB_TYPES = {**DOCUMENT_TYPES, "application/toml": ".toml"}


def _multipart(
    description: str, properties: dict[str, Any], required: list[str], types: dict[str, str]
) -> Any:
    """A multipart body whose file parts state the media types they may be sent as."""
    encoding = {name: {"contentType": ", ".join(types)} for name in properties}
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": properties, "required": required},
                    "encoding": encoding,
                }
            },
        }
    }


async def _form(request: Request) -> AsyncIterator[FormData]:
    """The multipart form of the request; its spooled files are closed afterwards."""
    kind = request.headers.get("content-type", "").lower()
    if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise BadRequest("the body is not a form (multipart/form-data)", "Send it as a form")
    try:
        form = await request.form(max_files=MAX_FILES + 1, max_fields=20)
    except FairsiftError:
        raise
    except Exception as exc:  # a malformed body or one over the part limits
        raise BadRequest(f"the form cannot be read ({exc})", "Send a valid multipart form") from exc
    try:
        yield form
    finally:
        await form.close()


Form = Annotated[FormData, Depends(_form)]


def _files(form: Any, field: str) -> list[UploadFile]:
    return [v for v in form.getlist(field) if isinstance(v, UploadFile)]


def _read(
    upload: UploadFile, ctx: Context, types: dict[str, str], suffixes: frozenset[str]
) -> tuple[str, bytes]:
    """The file's name and its bytes. The type it is read as: the name's suffix when it is
    one of `suffixes`; else the media type the part declares, when it is one of `types`
    (the suffix is added to the name); else, for a name without a suffix, its content. Any
    other file keeps its name, and storing it answers 415."""
    limit = int(ctx.settings.max_upload_mb * 1_000_000)
    upload.file.seek(0)
    data = upload.file.read(limit + 1)
    name = FilePath((upload.filename or "upload").replace("\\", "/")).name or "upload"
    if len(data) > limit:
        raise TooLarge(f"{name!r} is over {limit:,} bytes", "Upload a smaller file")
    if FilePath(name.lower()).suffix in suffixes:
        return name, data
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared in types:
        return name + types[declared], data
    if "." not in name:  # no extension: say what the content is, as the reader will
        kind, _ = sniff(data, name)
        name += _SUFFIX_FOR[kind]
    return name, data


def _within(text: str, limit: int, name: str) -> None:
    """The configured limit, on the text as sent (the document's maxLength)."""
    if len(text) > limit:
        raise InputError(
            f"{name}: {len(text):,} characters; at most {limit:,} are accepted",
            "Shorten it, or send the rest later with the receipt code",
        )


def _json_structure(value: str) -> bool:
    """True for a form value that is a JSON object, array or null: what a client sends when it
    JSON-encodes a form field instead of writing text."""
    text = value.strip()
    if text != "null" and (text[:1], text[-1:]) not in (("{", "}"), ("[", "]")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _field(form: Any, name: str, max_length: int) -> str | None:
    value = form.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name}: must be text, not a file", f"Send {name} as a form field")
    value = value.replace("\x00", "")
    if _json_structure(value):
        raise InputError(
            f"{name}: a JSON object, array or null, not text",
            f"Send {name} as plain text (form fields are never JSON)",
        )
    if len(value) > max_length:
        raise InputError(f"{name}: at most {max_length:,} characters", f"Shorten {name}")
    return value


# -- service and people ---------------------------------------------------------------------


@router.get("/health", tags=["service"], responses=errors(public=True))
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


@router.post("/session", tags=["people"], responses=errors(401, 403, 409, 422, 429, public=True))
def sign_in(body: LoginIn, request: Request, ctx: Ctx) -> JSONResponse:
    """Sign in with a password; sets an HttpOnly session cookie. Send `csrf_token` back as
    X-CSRF-Token on every later POST that uses the cookie."""
    session = accounts.login(ctx, body.username, body.password, client_ip(request))
    user = ctx.store.get_user(session.username)
    assert user is not None
    response = JSONResponse({**accounts.user_dict(user), "csrf_token": session.csrf})
    set_cookie(request, response, SESSION_COOKIE, session.id, None)
    return response


@router.delete("/session", tags=["people"], responses=errors(403), status_code=204)
def sign_out(request: Request, ctx: Ctx, who: Who) -> Response:
    """Sign out: the session ends for every worker of the service."""
    require_role(who, ("admin", "reviewer", "auditor"), "sign out")
    session = ctx.sessions.get(request.cookies.get(SESSION_COOKIE))
    if session is not None:
        ctx.sessions.drop(session.id)
        ctx.store.append_audit("logout", session.username, session.username, {})
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", tags=["people"], responses=errors(403))
def about_me(who: Who) -> dict[str, Any]:
    return accounts.me(who)


@router.post("/tokens", tags=["people"], responses=errors(403, 422), status_code=201)
def new_token(body: TokenIn, ctx: Ctx, who: Who) -> TokenOut:
    """A new API token for yourself, shown once: use it as 'Authorization: Bearer <token>'."""
    me = require_role(who, ("admin", "reviewer", "auditor"), "create API tokens")
    secret = users.create_token(ctx.store, me.username, body.label, me.username)
    return TokenOut(token=secret, label=body.label, username=me.username)


@router.get(
    "/users",
    tags=["people"],
    responses={**errors(403, 422), **page_response(list[UserOut])},
    response_model=list[UserOut],
)
def list_users(
    request: Request, ctx: Ctx, who: Who, limit: Limit = 100, offset: Offset = 0
) -> Response:
    """Everyone ever added (removed users too), by name."""
    require_role(who, ("admin",), "list users")
    rows = users.list_users(ctx.store, limit, offset)
    return paged(request, rows, ctx.store.count_users(), limit, offset)


@router.post(
    "/users",
    tags=["people"],
    responses=errors(403, 409, 422),
    status_code=201,
    dependencies=[allowed(_admin, "add users")],
)
def add_user(body: UserIn, ctx: Ctx, who: Who) -> UserOut:
    """Add a person. 409 if the name is taken, or for a reviewer without a queue."""
    me = require_role(who, ("admin",), "add users")
    if ctx.store.get_user(body.username) is not None:
        raise Conflict(f"the user {body.username!r} exists already", "Choose another name")
    if body.role == "reviewer" and not body.queues:
        # a rule between two fields, which the document states in words (queues)
        raise Conflict(
            "a reviewer needs at least one queue",
            "Give queues: applications, reports or job:<sha256>",
        )
    users.add_user(ctx.store, body.username, body.role, body.password, body.queues, me.username)
    user = ctx.store.get_user(body.username)
    assert user is not None
    return UserOut(**accounts.user_dict(user))


@router.delete(
    "/users/{username}",
    tags=["people"],
    responses=errors(403, 404, 409, 422),
    status_code=204,
    dependencies=[allowed(_admin, "remove users")],
)
def remove_user(
    username: Annotated[str, Path(pattern=USERNAME)],
    ctx: Ctx,
    who: Who,
) -> Response:
    """Deactivate a person (their history stays). 409 for your own account and for the last
    active admin, so the service always keeps someone who can manage it."""
    me = require_role(who, ("admin",), "remove users")
    user = ctx.store.get_user(username)
    if user is None or not user.active:
        raise NotFound(f"no active user {username!r}", "List users with GET /api/users")
    last = user.role == "admin" and _active_admins(ctx) <= 1
    if username == me.username:  # both reasons when both hold
        also = f"; {username!r} is also the last active admin" if last else ""
        raise Conflict(f"you cannot remove your own account{also}", "Ask another admin")
    if last:
        raise Conflict(
            f"{username!r} is the last active admin",
            "Add another admin first, so someone can still manage the service",
        )
    users.remove_user(ctx.store, username, me.username)
    ctx.sessions.drop_user(username)
    return Response(status_code=204)


@router.patch(
    "/users/{username}",
    tags=["people"],
    responses=errors(403, 404, 409, 422),
    dependencies=[allowed(_admin, "change users")],
)
def change_user(
    username: Annotated[str, Path(pattern=USERNAME)], body: UserChange, ctx: Ctx, who: Who
) -> UserOut:
    """Change a user's role and queues. Demoting the last active admin, or leaving a
    reviewer without a queue, answers 409."""
    me = require_role(who, ("admin",), "change users")
    if ctx.store.get_user(username) is None:
        raise NotFound(f"no user {username!r}", "List users with GET /api/users")
    if body.role == "reviewer" and not body.queues:
        raise Conflict(
            "a reviewer needs at least one queue",
            "Give queues: applications, reports or job:<sha256>",
        )
    users.update_user(ctx.store, username, body.role, body.queues, me.username)
    ctx.sessions.drop_user(username)
    user = ctx.store.get_user(username)
    assert user is not None
    return UserOut(**accounts.user_dict(user))


@router.post(
    "/users/{username}/reactivate",
    tags=["people"],
    responses=errors(403, 404, 409, 422),
    dependencies=[allowed(_admin, "reactivate users")],
)
def reactivate_user(
    username: Annotated[str, Path(pattern=USERNAME)], ctx: Ctx, who: Who
) -> UserOut:
    """Let a removed user sign in again (their old API tokens stay revoked)."""
    me = require_role(who, ("admin",), "reactivate users")
    found = ctx.store.get_user(username)
    if found is None:
        raise NotFound(f"no user {username!r}", "List users with GET /api/users")
    if found.active:  # the state, not the request, is what stands in the way
        raise Conflict(f"{username!r} is active already", "Nothing to do")
    users.reactivate_user(ctx.store, username, me.username)
    user = ctx.store.get_user(username)
    assert user is not None
    return UserOut(**accounts.user_dict(user))


def _active_admins(ctx: Context) -> int:
    return sum(1 for u in ctx.store.list_users() if u.role == "admin" and u.active)


# -- jobs and applications ------------------------------------------------------------------

_JOB_FILE = {
    "file": {
        "type": "string",
        "format": "binary",
        "description": "A posting (PDF, DOCX, TXT, MD, HTML) or a TOML spec",
    }
}


@router.get(
    "/jobs",
    tags=["applications"],
    responses={**errors(403, 422), **page_response(list[JobOut])},
    response_model=list[JobOut],
)
def jobs(
    request: Request,
    ctx: Ctx,
    who: Who,
    archived: Annotated[bool | None, Query(description="Only archived (true) or open")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """The jobs you review, oldest first, with candidate count and top score."""
    rows, total = actions.job_page_for(ctx, who, archived, limit, offset)
    return paged(request, rows, total, limit, offset)


@router.post(
    "/jobs",
    tags=["applications"],
    responses=errors(400, 403, 415, 422),
    status_code=202,
    openapi_extra=_multipart("The posting", _JOB_FILE, ["file"], JOB_TYPES),
    dependencies=[allowed(_admin, "create jobs")],
)
async def create_job(ctx: Ctx, who: Who, form: Form) -> QueuedJob:
    """Store a posting (PDF, DOCX, TXT, MD, HTML) or TOML spec and read it in the background,
    as resumes are: answers 202 once the file is stored and queued. Follow `status_url`: when
    done, its `result_url` is the job; a posting that cannot be read, or in which no
    requirements are found, fails there and says why. A file whose name and declared type
    are neither a type fairsift reads answers 415 at once."""
    require_role(who, ("admin",), "create jobs")
    files = _files(form, "file")
    if len(files) != 1:
        raise InputError("file: attach exactly one posting", "Send the posting as 'file'")

    def run() -> dict[str, Any]:
        name, data = _read(files[0], ctx, JOB_TYPES, actions.JOB_SUFFIXES)
        return actions.queue_job(ctx, who, name, data)

    return QueuedJob(**await run_in_threadpool(run))


@router.get("/jobs/{sha256}", tags=["applications"], responses=errors(403, 404, 422))
def job(sha256: JobSha, ctx: Ctx, who: Who) -> JobOut:
    return JobOut(**actions.job_view(ctx, who, sha256))


_RESUMES = {
    "files": {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "minItems": 1,
        "maxItems": MAX_FILES,
        "description": "Resumes (PDF, DOCX, TXT, MD, HTML); read in the background",
    }
}


@router.post(
    "/jobs/{sha256}/applications",
    tags=["applications"],
    responses=errors(400, 403, 404, 415, 422),
    status_code=202,
    openapi_extra=_multipart("Resumes", _RESUMES, ["files"], DOCUMENT_TYPES),
)
async def upload_applications(sha256: JobSha, ctx: Ctx, who: Who, form: Form) -> AcceptedFiles:
    """Queue resumes for screening against this job. Answers 202 once every file is stored
    and queued; follow each `status_url` for progress."""
    require(who, who is not None and who.reviews_job(sha256), "add applications to this job")
    await run_in_threadpool(actions.job_view, ctx, who, sha256)
    files = _files(form, "files")
    if not files or len(files) > MAX_FILES:
        raise InputError(f"files: attach 1 to {MAX_FILES} resumes", "Send resumes as 'files'")

    def run() -> list[dict[str, Any]]:
        read = [_read(f, ctx, DOCUMENT_TYPES, SUPPORTED_SUFFIXES) for f in files]
        return actions.upload_applications(ctx, who, sha256, read)

    accepted = await run_in_threadpool(run)
    return AcceptedFiles(accepted=[Accepted(**item) for item in accepted])


@router.get("/ingest", tags=["service"], responses=errors(403))
def ingest_counts(ctx: Ctx, who: Who) -> dict[str, int]:
    """How many queued items are pending, running, done and failed."""
    require_role(who, ("admin", "reviewer", "auditor"), "see the ingest queue")
    return ctx.store.queue_counts()


@router.get("/ingest/{item_id}", tags=["service"], responses=errors(403, 404, 422))
def ingest_item(item_id: ItemId, ctx: Ctx, who: Who) -> dict[str, Any]:
    return actions.ingest_status(ctx, who, item_id)


@router.get(
    "/queues/applications",
    tags=["applications"],
    responses={**errors(403, 422), **page_response(list[ApplicationRow])},
    response_model=list[ApplicationRow],
)
def application_queue(
    request: Request,
    ctx: Ctx,
    who: Who,
    job: Annotated[str | None, Query(pattern=SHA)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    decision: Annotated[Literal["none", "advance", "reject", "hold"] | None, Query()] = None,
    finding: Annotated[str | None, Query(max_length=50)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    sort: Annotated[Literal["rank", "candidate", "decision", "newest"] | None, Query()] = None,
) -> Response:
    """Applications ranked by score within their job. Candidates are pseudonyms except for
    admins (blind review); `q` and `sort` use the candidate as shown, never who they are."""
    want = ApplicationFilter(job, q, decision, finding, limit, offset, sort)
    rows, total = actions.application_page_for(ctx, who, want)
    return paged(request, rows, total, limit, offset)


@router.get("/applications/{item_id}", tags=["applications"], responses=errors(403, 404, 422))
def application(
    item_id: ItemId,
    ctx: Ctx,
    who: Who,
    view: Annotated[Literal["blind", "original"], Query()] = "blind",
    reason: Annotated[str | None, Query(max_length=1000)] = None,
) -> Response:
    """One application: recommendation, each requirement with evidence spans into `text`,
    findings, provenance and decisions. `text` is the blind text; view=original (admins
    only) reveals the original and the file name, with a `reason` kept in the audit log."""
    if (
        view == "original"
        and who is not None
        and who.sees_identities()
        and not (reason or "").split()
    ):
        # not a malformed request but one not allowed as it stands: 403, as for non-admins
        raise Forbidden(
            "revealing a candidate's identity needs a reason",
            "Say in `reason` why blind review must be lifted for this candidate",
        )
    item = actions.application_view(ctx, who, item_id, original=view == "original", reason=reason)
    item.pop("segments")
    return Compact(item)


@router.post(
    "/applications/{item_id}/decisions",
    tags=["applications"],
    responses=errors(403, 404, 409, 422),
    status_code=201,
)
def decide_application(
    item_id: ItemId, body: ApplicationDecisionIn, ctx: Ctx, who: Who
) -> DecisionOut:
    return DecisionOut(
        **actions.decide(ctx, who, "application", item_id, body.decision, body.reason)
    )


# -- reports --------------------------------------------------------------------------------


def _report_sender(who: Principal | None) -> Principal:
    return require(who, who is not None and who.reviews_reports(), "submit reports through the API")


@router.post(
    "/reports",
    tags=["reports"],
    responses=errors(403, 422),
    status_code=202,
    dependencies=[allowed(Principal.reviews_reports, "submit reports through the API")],
)
def submit_report(body: ReportIn, ctx: Ctx, who: Who) -> QueuedReport:
    """Submit a report as JSON (for intake systems; the public uses the form at /report).
    Answers 202 once it is stored and queued; `receipt` lets the reporter add to it later."""
    sender = _report_sender(who)
    _within(body.text, ctx.settings.max_report_chars, "text")
    return QueuedReport(
        **actions.submit_report(
            ctx, body.text, body.contact, "api", sender.username, body.idempotency_key
        )
    )


_REPORT_FORM = {
    "text": {
        "type": "string",
        "pattern": NONBLANK,
        "maxLength": 200_000,
        "description": "The report (a value that is a JSON object, array or null is refused)",
    },
    "contact": {"type": "string", "maxLength": 500},
    "idempotency_key": {"type": "string", "maxLength": 200},
    "file": {
        "type": "string",
        "contentMediaType": "text/plain",
        "pattern": NONBLANK,
        "description": "A UTF-8 text file (used instead of `text` when both are sent)",
    },
}


_REPORT_FORM_SCHEMA = {
    "type": "object",
    "properties": _REPORT_FORM,
    "additionalProperties": False,
    "anyOf": [{"required": ["text"]}, {"required": ["file"]}],
}


@router.post(
    "/reports/upload",
    tags=["reports"],
    responses=errors(400, 403, 422),
    status_code=202,
    dependencies=[allowed(Principal.reviews_reports, "submit reports through the API")],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {"schema": _REPORT_FORM_SCHEMA},
                "application/x-www-form-urlencoded": {"schema": _REPORT_FORM_SCHEMA},
            },
        }
    },
)
async def submit_report_multipart(ctx: Ctx, who: Who, form: Form) -> QueuedReport:
    """Submit a report as multipart form data: a `text` field or a UTF-8 text `file`."""
    sender = _report_sender(who)
    unknown = sorted(set(form.keys()) - set(_REPORT_FORM))
    if unknown:
        raise InputError(
            f"unknown form fields: {', '.join(unknown)[:200]}",
            "Send only " + ", ".join(_REPORT_FORM),
        )
    limit = ctx.settings.max_report_chars
    text = _field(form, "text", limit)
    contact = _field(form, "contact", 500)
    key = _field(form, "idempotency_key", 200)
    upload = form.get("file")
    if text is not None and not re.search(NONBLANK, text):
        raise InputError("text: the report is empty", "Write what is happening, in any language")
    if text is None and upload is None:
        raise InputError("send the report as `text` or as a `file`", "Add one of the two")

    def run() -> dict[str, Any]:
        body = text or ""
        if isinstance(upload, UploadFile):
            _, data = _read(upload, ctx, {}, frozenset())
            try:
                body = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError("the report file is not UTF-8 text", "Save it as UTF-8") from exc
        elif isinstance(upload, str):
            body = upload
            if _json_structure(body):
                raise InputError("file: a JSON object, array or null, not text", "Send text")
        body = body.replace("\x00", "")
        if upload is not None and not re.search(NONBLANK, body):
            raise InputError("file: the report is empty", "Write what is happening")
        _within(body, limit, "file")
        return actions.submit_report(ctx, body, contact, "api", sender.username, key)

    return QueuedReport(**await run_in_threadpool(run))


@router.get(
    "/queues/reports",
    tags=["reports"],
    responses={**errors(403, 422), **page_response(list[ReportRow])},
    response_model=list[ReportRow],
)
async def report_queue(
    request: Request,
    ctx: Ctx,
    who: Who,
    language: Annotated[str | None, Query(max_length=20)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    urgency: Annotated[Literal[URGENCY_LEVELS] | None, Query()] = None,  # type: ignore[valid-type]
    status: Annotated[
        str | None,
        Query(max_length=20, description="a status, or 'open' (not routed, closed or malicious)"),
    ] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Reports by urgency (critical first), then oldest first."""
    want = ReportFilter(language, category, urgency, status, q, limit, offset)
    if ctx.store.dialect == "sqlite":
        # Run here, not in a worker thread: a page is a few milliseconds of work in this
        # process, and under many concurrent reads the thread hops and their contention for
        # the GIL cost more than it. (PostgreSQL answers over the network: waiting for it
        # here would hold up every other request of this process.)
        rows, total = actions.report_rows_for(ctx, who, want)
    else:
        rows, total = await run_in_threadpool(actions.report_rows_for, ctx, who, want)
    return paged(request, rows, total, limit, offset)


@router.get("/reports/{report_id:int}", tags=["reports"], responses=errors(403, 404, 422))
def report(
    report_id: ItemId,
    ctx: Ctx,
    who: Who,
    view: Annotated[Literal["masked", "original"], Query()] = "masked",
) -> Response:
    """One report: its text as received (names, phones, e-mails and links masked; the
    original for admins with view=original) and in English, categories, urgency with its
    reason, duplicates, campaign flag, findings, additions and decisions."""
    return Compact(actions.report_view(ctx, who, report_id, original=view == "original"))


@router.post(
    "/reports/{report_id:int}/decisions",
    tags=["reports"],
    responses=errors(403, 404, 409, 422),
    status_code=201,
)
def decide_report(report_id: ItemId, body: ReportDecisionIn, ctx: Ctx, who: Who) -> DecisionOut:
    return DecisionOut(**actions.decide(ctx, who, "report", report_id, body.decision, body.reason))


@router.post("/receipts/status", tags=["reports"], responses=errors(404, 422, 429, public=True))
def receipt_status(body: ReceiptIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    """What happened to a report, for its reporter (no login; the receipt code is the key)."""
    return oversight.receipt_status(ctx, body.code, client_ip(request))


@router.post(
    "/receipts/additions",
    tags=["reports"],
    responses=errors(404, 422, 429, public=True),
    status_code=201,
)
def receipt_addition(body: AdditionIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    """Add information to a report with its receipt code, without saying who you are."""
    _within(body.text, ctx.settings.max_report_chars, "text")
    return oversight.add_to_report(ctx, body.code, body.text, client_ip(request))


# -- exports and oversight ------------------------------------------------------------------

_EXPORT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV (format=csv) or JSON Lines (format=jsonl), as an attachment",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


def _attachment(body: str, media: str, name: str) -> Response:
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


@router.get(
    "/exports/applications",
    tags=["exports"],
    responses={**errors(403, 404, 422), **_EXPORT},
    response_class=Response,
)
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
    return _attachment(body, media, f"applications-{job[:12]}.{format}")


@router.get(
    "/exports/reports",
    tags=["exports"],
    responses={**errors(403, 422), **_EXPORT},
    response_class=Response,
)
def export_reports(
    ctx: Ctx, who: Who, format: Annotated[Literal["csv", "jsonl"], Query()] = "csv"
) -> Response:
    """Every report with its triage and decision (audited)."""
    body, media = actions.export_reports(ctx, who, format)
    return _attachment(body, media, f"reports.{format}")


@router.get(
    "/audit",
    tags=["oversight"],
    responses={**errors(403, 422), **page_response(list[AuditEntryOut])},
    response_model=list[AuditEntryOut],
)
def audit_log(
    request: Request,
    ctx: Ctx,
    who: Who,
    limit: Limit = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    event: Annotated[
        str | None,
        Query(
            max_length=64,
            pattern=r"^[a-z][a-z0-9_.-]*$",
            description="only entries of this event ('decision', 'erasure' …); writes made in "
            "bulk are one 'batch' entry each: list its items with /api/audit/{entry_id}/items",
        ),
    ] = None,
) -> Response:
    """The audit log, newest first (auditors and admins)."""
    rows = oversight.audit_entries(ctx, who, limit, offset, event)
    return paged(request, rows, oversight.audit_total(ctx, who, event), limit, offset)


@router.get(
    "/audit/{entry_id}/items",
    tags=["oversight"],
    responses={**errors(403, 404, 422), **page_response(list[AuditItemOut])},
    response_model=list[AuditItemOut],
)
def audit_items(
    request: Request,
    ctx: Ctx,
    who: Who,
    entry_id: ItemId,
    limit: Limit = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """The items a batch entry commits to by their hashes, in the order written (none for an
    entry that is not a batch). An erased item keeps its hash; its payload is gone."""
    rows, total = oversight.audit_batch_items(ctx, who, entry_id, limit, offset)
    return paged(request, rows, total, limit, offset)


@router.get("/audit/verify", tags=["oversight"], responses=errors(403))
def audit_verify(ctx: Ctx, who: Who) -> dict[str, Any]:
    """Check the hash chain: any edited, deleted, inserted or reordered entry is named."""
    return oversight.verify(ctx, who)


@router.get("/stats", tags=["oversight"], responses=errors(403))
def stats(ctx: Ctx, who: Who) -> dict[str, Any]:
    """Aggregate figures only: counts by status, urgency, category, language and decision."""
    return oversight.stats(ctx, who)


@router.post(
    "/self-id", tags=["oversight"], responses=errors(403, 422, 429, public=True), status_code=201
)
def self_identify(body: SelfIdIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    """A candidate's voluntary self-identification for bias audits, with the code from
    their link. Stored apart; reviewers never see it."""
    return oversight.self_identify(
        ctx, body.candidate, body.code, body.sex, body.race_ethnicity, client_ip(request)
    )


@router.post(
    "/demographics",
    tags=["oversight"],
    responses=errors(403, 422),
    status_code=201,
    dependencies=[allowed(_admin, "import demographics")],
)
def put_demographic(body: DemographicIn, ctx: Ctx, who: Who) -> dict[str, Any]:
    """Import one candidate's self-identification (admins, e.g. from an applicant system)."""
    me = require_role(who, ("admin",), "import demographics")
    ctx.store.put_demographic(body.candidate_sha256, body.sex, body.race_ethnicity, me.username)
    return {"stored": True}


@router.get("/demographics/aggregate", tags=["oversight"], responses=errors(403))
def demographics_aggregate(ctx: Ctx, who: Who) -> dict[str, Any]:
    """Counts and the bias audit (selection and scoring rates, impact ratios) by sex and
    race/ethnicity. Auditors and admins only; never per person."""
    return oversight.demographics_aggregate(ctx, who)


def not_found(detail: str) -> NotFound:
    return NotFound(detail, "Check the address; the API is described at /openapi.json")
