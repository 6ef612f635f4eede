"""What every request handler needs: the store, the pipelines, sessions, limits, templates,
and who is asking."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from fairsift.service.permissions import Principal
from fairsift.service.pipelines import Pipelines
from fairsift.service.pow import ProofOfWork
from fairsift.service.problems import Unauthorized
from fairsift.service.ratelimit import RateLimiter
from fairsift.service.sessions import SESSION_COOKIE, VISITOR_COOKIE, Sessions
from fairsift.service.settings import ServiceSettings
from fairsift.service.worker import Worker
from fairsift.store import Store

__all__ = [
    "Context",
    "client_ip",
    "context",
    "principal",
    "render",
    "set_cookie",
    "templates",
    "visitor_id",
]

TEMPLATES = Path(__file__).with_name("templates")


def templates() -> Environment:
    """Jinja2 with autoescape on for every template: user text is always shown as text."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["squeeze"] = squeeze
    return env


def squeeze(text: str) -> str:
    """Masked runs shown as one block, so a quote from the blind text stays readable."""
    return re.sub("█+", "█", text)


@dataclass
class Context:
    settings: ServiceSettings
    store: Store
    key: bytes
    sessions: Sessions
    limiter: RateLimiter
    pow: ProofOfWork
    pipelines: Pipelines
    worker: Worker | None
    env: Environment
    held: list[IO[str]] = field(default_factory=list)  # open files holding locks

    @property
    def uploads(self) -> Path:
        return self.settings.data_dir / "uploads"

    @property
    def job_files(self) -> Path:
        return self.settings.data_dir / "jobs"

    def wake_worker(self) -> None:
        if self.worker is not None:
            self.worker.wake()


def context(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


def client_ip(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def principal(request: Request) -> Principal | None:
    """Who is asking: a Bearer token, else a session cookie, else nobody. Cached per request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    ctx = context(request)
    found: Principal | None = None
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, secret = auth.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("the Authorization header is not 'Bearer <token>'")
        user = ctx.store.user_for_token(secret.strip())
        if user is None or not user.active:
            raise Unauthorized(
                "the API token is not valid", "Create a new token (POST /api/tokens) and use it"
            )
        found = Principal(user.username, user.role, tuple(user.queues), via="token")
    else:
        session = ctx.sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is not None:
            user = ctx.store.get_user(session.username)
            if user is not None and user.active:
                found = Principal(
                    user.username, user.role, tuple(user.queues), via="session", csrf=session.csrf
                )
            else:
                ctx.sessions.drop(session.id)
    request.state.principal = found
    return found


def visitor_id(request: Request) -> str:
    """The random id of a visitor who is not signed in (set by `render` when missing)."""
    existing = request.cookies.get(VISITOR_COOKIE)
    if existing and 20 <= len(existing) <= 64:
        return existing
    fresh = getattr(request.state, "new_visitor", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(24)
        request.state.new_visitor = fresh
    return str(fresh)


def set_cookie(request: Request, response: Any, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" or context(request).settings.cookie_secure,
        path="/",
    )


def render(request: Request, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """Render a page. Forms get the session's CSRF token, or a visitor token bound to a
    visitor cookie for people who are not signed in."""
    ctx = context(request)
    try:
        who = principal(request)
    except Unauthorized:
        who = None
    if who is not None:
        csrf = who.csrf
        new_visitor = None
    else:
        visitor = visitor_id(request)
        csrf = ctx.sessions.visitor_token(visitor)
        new_visitor = getattr(request.state, "new_visitor", None)
    notices = None
    if who is not None and who.reviews_reports():
        from fairsift.service.notices import assigned

        notices = assigned(ctx.store, who.username, list(ctx.settings.teams))
    html = ctx.env.get_template(name).render(
        request=request,
        me=who,
        notices=notices,
        csrf_token=csrf,
        nonce=getattr(request.state, "csp_nonce", ""),
        **values,
    )
    response = HTMLResponse(html, status_code=status_code)
    if new_visitor is not None:
        set_cookie(request, response, VISITOR_COOKIE, new_visitor, 60 * 60 * 24)
    return response
