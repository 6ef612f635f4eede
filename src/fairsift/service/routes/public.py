"""Pages for people who are not signed in: sign-in, the public multilingual report form, its
receipts, and a candidate's voluntary self-identification."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from fairsift.audit.categories import RACE_ETHNICITY, SEX
from fairsift.errors import FairsiftError, InputError
from fairsift.service import accounts, actions, oversight
from fairsift.service.context import Context, client_ip, context, principal, render, set_cookie
from fairsift.service.csrf import visitor_csrf
from fairsift.service.i18n import LANGUAGES, RTL, choose, labels
from fairsift.service.permissions import Principal
from fairsift.service.problems import Forbidden, NotFound, RateLimited, Unauthorized
from fairsift.service.sessions import SESSION_COOKIE

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Ctx = Annotated[Context, Depends(context)]
Who = Annotated[Principal | None, Depends(principal)]
Lang = Annotated[str | None, Query(max_length=10)]


def _home_for(who: Principal) -> str:
    if who.reviews_reports() and not who.is_admin:
        return "/queues/reports"
    if who.reviews_applications():
        return "/jobs"
    return "/oversight"


@router.get("/")
def home(request: Request, ctx: Ctx, who: Who) -> Response:
    if accounts.first_run(ctx.store):
        return render(request, "first_run.html")
    if who is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(_home_for(who), status_code=303)


def _safe_next(value: str | None) -> str:
    """Only a local path: never an open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return ""


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/login")
def login_page(
    request: Request, ctx: Ctx, next: Annotated[str | None, Query(max_length=500)] = None
) -> Response:
    if accounts.first_run(ctx.store):
        return render(request, "first_run.html")
    return render(request, "login.html", error=None, next=_safe_next(next), username="")


@router.post("/login", dependencies=[Depends(visitor_csrf)])
def login(
    request: Request,
    ctx: Ctx,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        session = accounts.login(ctx, username, password, client_ip(request))
    except accounts.FirstRun:
        return render(request, "first_run.html", status_code=409)
    except (Unauthorized, Forbidden, RateLimited) as exc:
        status = 429 if isinstance(exc, RateLimited) else exc.status
        return render(
            request,
            "login.html",
            status_code=status,
            error=f"{exc.message}. {exc.hint}",
            next=_safe_next(next),
            username=username[:200],
        )
    user = ctx.store.get_user(session.username)
    assert user is not None
    target = _safe_next(next)
    if not target:
        target = _home_for(Principal(user.username, user.role, tuple(user.queues)))
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, session.id, None)
    return response


@router.post("/logout")
def logout(request: Request, ctx: Ctx) -> Response:
    session = ctx.sessions.get(request.cookies.get(SESSION_COOKIE))
    if session is not None:  # its CSRF token was checked by session_csrf
        ctx.sessions.drop(session.id)
        ctx.store.append_audit("logout", session.username, session.username, {})
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- the public report form ----------------------------------------------------------------


def _public(request: Request, lang: str | None) -> dict[str, Any]:
    code = choose(lang, request.headers.get("accept-language"))
    return {
        "lang": code,
        "dir": "rtl" if code in RTL else "ltr",
        "t": labels(code),
        "languages": LANGUAGES,
    }


def _form(
    request: Request, ctx: Ctx, lang: str | None, status: int = 200, **values: Any
) -> Response:
    base = _public(request, lang)
    values = {"error": None, "text": "", "contact": "", **values}
    challenge = ctx.pow.challenge() if ctx.pow.bits > 0 else None
    return render(
        request,
        "report_form.html",
        status_code=status,
        challenge=challenge,
        max_chars=ctx.settings.max_report_chars,
        **base,
        **values,
    )


@router.get("/report")
def report_form(request: Request, ctx: Ctx, lang: Lang = None) -> Response:
    return _form(request, ctx, lang)


@router.post("/report")
def report_submit(
    request: Request,
    ctx: Ctx,
    text: Annotated[str, Form(max_length=200_000)] = "",
    contact: Annotated[str, Form(max_length=500)] = "",
    website: Annotated[str, Form(max_length=500)] = "",
    pow_challenge: Annotated[str, Form(max_length=200)] = "",
    pow_counter: Annotated[str, Form(max_length=40)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    lang: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    t = labels(choose(lang, request.headers.get("accept-language")))
    text = actions.normalise_newlines(text)  # browsers send each line break as two characters
    keep = {"text": text[:200_000], "contact": contact[:500]}
    who = principal(request)
    if who is None and not ctx.sessions.check_visitor_token(
        request.cookies.get("fs_visitor"), csrf_token
    ):
        return _form(request, ctx, lang, 403, error=t["error_form"], **keep)
    if website.strip():  # the honeypot: people leave it empty, form-filling bots do not
        return _form(request, ctx, lang, 400, error=t["error_honeypot"], **keep)
    client = client_ip(request)
    worked = ctx.pow.bits == 0 or (
        bool(pow_challenge) and ctx.pow.verify(pow_challenge, pow_counter)
    )
    try:
        if worked:
            ctx.limiter.hit("form", client, ctx.settings.form_per_hour, 3600.0, "reports")
        else:
            per_hour = ctx.settings.form_per_hour_without_work
            ctx.limiter.hit("form-nowork", client, per_hour, 3600.0, "reports")
        if not text.strip():
            return _form(request, ctx, lang, 422, error=t["error_empty"], **keep)
        limit = ctx.settings.max_report_chars
        if len(text.strip()) > limit:
            count = f"{len(text.strip()):,}"
            error = t["error_long"].format(count=count, limit=f"{limit:,}")
            return _form(request, ctx, lang, 422, error=error, **keep)
        result = actions.submit_report(
            ctx, text, contact or None, "form", "public" if who is None else who.username
        )
    except RateLimited:
        return _form(request, ctx, lang, 429, error=t["error_limit"], **keep)
    except InputError as exc:  # anything else the store refuses: say what it is
        return _form(request, ctx, lang, 422, error=exc.message, **keep)
    base = _public(request, lang)
    return render(request, "report_thanks.html", receipt=result["receipt"], **base)


@router.get("/report/receipt")
def receipt_page(request: Request, lang: Lang = None) -> Response:
    base = _public(request, lang)
    return render(
        request,
        "receipt.html",
        error=None,
        message=None,
        status=None,
        code="",
        replies=[],
        max_chars=context(request).settings.max_report_chars,
        **base,
    )


@router.post("/report/receipt", dependencies=[Depends(visitor_csrf)])
def receipt_submit(
    request: Request,
    ctx: Ctx,
    code: Annotated[str, Form(max_length=100)],
    text: Annotated[str, Form(max_length=200_000)] = "",
    action: Annotated[str, Form(max_length=10)] = "add",
    lang: Lang = None,
) -> Response:
    base = _public(request, lang)
    text = actions.normalise_newlines(text)
    t = base["t"]
    assert isinstance(t, dict)
    values: dict[str, Any] = {
        "error": None,
        "message": None,
        "status": None,
        "code": "",
        "replies": [],
    }
    status = 200
    try:
        if action == "status":
            found = oversight.receipt_status(ctx, code, client_ip(request))
            values["status"] = t["status_" + found["status"]]
            values["replies"] = found["replies"]
            values["code"] = code
        else:
            oversight.add_to_report(ctx, code, text, client_ip(request))
            values["message"] = t["added"]
    except RateLimited:
        values["error"], status = t["error_limit"], 429
    except NotFound:
        values["error"], status = t["error_code"], 404
    except FairsiftError:
        limit = ctx.settings.max_report_chars
        clean = text.strip()
        if len(clean) > limit:
            values["error"] = t["error_long"].format(count=f"{len(clean):,}", limit=f"{limit:,}")
        else:
            values["error"] = t["error_empty"]
        status = 422
        values["code"] = code
    return render(
        request,
        "receipt.html",
        status_code=status,
        max_chars=ctx.settings.max_report_chars,
        **base,
        **values,
    )


# -- candidates' self-identification ---------------------------------------------------------


@router.get("/self-id/{candidate}/{code}")
def self_id_page(request: Request, candidate: str, code: str) -> Response:
    return render(
        request,
        "self_id.html",
        candidate=candidate[:64],
        code=code[:40],
        sexes=SEX,
        races=RACE_ETHNICITY,
        done=False,
    )


@router.post("/self-id/{candidate}/{code}", dependencies=[Depends(visitor_csrf)])
def self_id_submit(
    request: Request,
    ctx: Ctx,
    candidate: str,
    code: str,
    sex: Annotated[str, Form(max_length=100)] = "",
    race_ethnicity: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    oversight.self_identify(ctx, candidate, code, sex, race_ethnicity, client_ip(request))
    return render(
        request,
        "self_id.html",
        candidate=candidate,
        code=code,
        sexes=SEX,
        races=RACE_ETHNICITY,
        done=True,
    )
