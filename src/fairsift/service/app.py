"""The review service: a FastAPI app (REST API under /api with an OpenAPI document at
/openapi.json; server-rendered review pages; the public report form).

    app = create_app(ServiceSettings(db="sqlite:///fairsift.db"))
    uvicorn.run(app, host="127.0.0.1", port=8000)

Every 4xx from /api is problem JSON with a hint; pages show the same in HTML. Unexpected
errors are logged with their stack trace; the client gets a 500 without one.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairsift import __version__
from fairsift.errors import FairsiftError
from fairsift.service import actions, triage_worker
from fairsift.service.context import Context, principal, templates
from fairsift.service.csrf import session_csrf
from fairsift.service.pipelines import Pipelines
from fairsift.service.pow import ProofOfWork
from fairsift.service.problems import RateLimited, problem, status_for
from fairsift.service.ratelimit import RateLimiter
from fairsift.service.retention import DailyRetention
from fairsift.service.routes import api, pages, public, rights
from fairsift.service.sessions import Sessions, load_key
from fairsift.service.settings import ServiceSettings
from fairsift.service.worker import Worker, one_by_one
from fairsift.store import Store

__all__ = ["create_app"]

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")


def build_context(settings: ServiceSettings) -> Context:
    store = Store.open(settings.db)
    store.lease_seconds = settings.lease_seconds  # this instance only
    key = load_key(settings.data_dir)
    ctx = Context(
        settings=settings,
        store=store,
        key=key,
        sessions=Sessions(key, settings.session_hours),
        limiter=RateLimiter(),
        pow=ProofOfWork(key, settings.pow_bits),
        pipelines=Pipelines(store, taxonomy=settings.taxonomy, triage_model=settings.triage_model),
        worker=None,
        env=templates(),
    )
    if settings.worker:
        handlers = {
            "application": one_by_one(lambda payload: actions.screen_item(ctx, payload)),
            "report": triage_worker.handler(ctx),
        }
        ctx.worker = Worker(store, handlers)
    return ctx


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or ServiceSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = build_context(settings)
        app.state.ctx = ctx
        triage_worker.requeue_untriaged(ctx)
        if ctx.worker is not None:
            ctx.worker.start()
        retention = DailyRetention(ctx, ctx.pipelines.settings)
        retention.start()
        try:
            yield
        finally:
            retention.stop()
            if ctx.worker is not None:
                ctx.worker.stop()
            ctx.store.close()

    app = FastAPI(
        title="fairsift review service",
        version=__version__,
        description=(
            "Accountable AI screening and triage. The AI recommends; people decide. "
            "Errors are problem JSON (RFC 9457) with a `hint` saying what to do."
        ),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI would load scripts from a CDN; the document is enough
        redoc_url=None,
        dependencies=[Depends(session_csrf)],
    )
    app.add_middleware(BodyLimit, max_bytes=int(settings.max_request_mb * 1_000_000))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(public.router)
    app.include_router(pages.router)
    app.include_router(rights.router)
    _handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return True
    return "text/html" not in request.headers.get("accept", "")


def _respond(
    request: Request, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    if _wants_json(request):
        return JSONResponse(
            body, status_code=status, media_type="application/problem+json", headers=headers
        )
    if status == 401 and request.method == "GET":  # a page: go and sign in, then come back
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    try:
        env = request.app.state.ctx.env
        try:  # the page keeps its navigation for someone signed in
            who = principal(request)
        except FairsiftError:
            who = None
        html = env.get_template("error.html").render(
            problem=body,
            request=request,
            me=who,
            csrf_token=who.csrf if who is not None else "",
            nonce="",
        )
    except Exception:  # the error page itself must never fail
        log.exception("rendering the error page failed")
        html = "<!doctype html><title>Error</title><p>Something went wrong.</p>"
    return HTMLResponse(html, status_code=status, headers=headers)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(FairsiftError)
    async def fairsift_error(request: Request, exc: FairsiftError) -> Response:
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = None
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after)}
        body = problem(status, exc.message, exc.hint, exc.code)
        return _respond(request, status, body, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        hints = {
            404: "Check the address; the API is described at /openapi.json",
            405: "Check the method; the API is described at /openapi.json",
        }
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        body = problem(exc.status_code, detail, hints.get(exc.status_code, "Check the request"))
        return _respond(request, exc.status_code, body, dict(exc.headers or {}) or None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = []
        for error in exc.errors()[:5]:
            where = ".".join(str(p) for p in error.get("loc", ()))
            errors.append({"field": where, "problem": str(error.get("msg", ""))})
        first = errors[0] if errors else {"field": "request", "problem": "is not valid"}
        body = problem(
            422,
            f"{first['field']}: {first['problem']}",
            "Fix the fields named in `errors`; the API is described at /openapi.json",
            errors=errors,
        )
        return _respond(request, 422, body)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
        body = problem(
            500,
            "the service failed unexpectedly; the error is in its log",
            "Try again; if it persists, tell the administrator the time it happened",
        )
        return _respond(request, 500, body)


class SecurityHeaders:
    """A strict Content-Security-Policy (scripts only with this response's nonce) and the
    usual hardening headers, on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        policy = (
            "default-src 'none'; "
            f"script-src 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """HEAD answers what GET would, without the body (monitors and link checkers send it).
    HEAD / is a liveness check: 200 whether or not anyone is signed in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class BodyLimit:
    """Refuse request bodies over the limit before reading them: a body must declare its
    Content-Length (browsers and HTTP libraries do), so an endless upload cannot fill the
    disk."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        refusal: tuple[int, str, str] | None = None
        if chunked and length is None:
            refusal = (411, "the request body has no length", "Send a Content-Length header")
        elif length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            limit = f"{self.max_bytes / 1_000_000:g} MB"
            refusal = (413, f"the request body is over {limit}", "Send fewer or smaller files")
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, detail, hint = refusal
        body = json.dumps(problem(status, detail, hint)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
