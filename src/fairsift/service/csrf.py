"""CSRF protection on every form and every cookie-authenticated API call.

- A signed-in browser sends its session's token: the `csrf_token` form field, or the
  X-CSRF-Token header for API calls (the synchronizer token pattern).
- A visitor who is not signed in (the login form, the public report form) sends a token bound
  by HMAC to their random visitor cookie.
- Requests with a Bearer token carry no ambient credential and need no CSRF token.
Session and visitor cookies are SameSite=Strict as well, so a cross-site form post arrives
without them and fails here.
"""

from __future__ import annotations

from fastapi import Request

from fairsift.service.context import context
from fairsift.service.problems import Forbidden
from fairsift.service.sessions import SESSION_COOKIE, VISITOR_COOKIE, same

__all__ = ["session_csrf", "visitor_csrf"]

SAFE = ("GET", "HEAD", "OPTIONS")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
HINT = "Reload the page and submit the form again"


async def _sent_token(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


async def session_csrf(request: Request) -> None:
    """For every route: a signed-in browser's unsafe request must carry its session token."""
    if request.method in SAFE or request.headers.get("authorization"):
        return
    session = context(request).sessions.get(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return
    if not same(await _sent_token(request), session.csrf):
        raise Forbidden("the form's security token is missing or out of date", HINT)


async def visitor_csrf(request: Request) -> None:
    """For forms open to visitors who are not signed in."""
    if request.method in SAFE or request.headers.get("authorization"):
        return
    ctx = context(request)
    if ctx.sessions.get(request.cookies.get(SESSION_COOKIE)) is not None:
        return  # checked against the session by session_csrf
    token = await _sent_token(request)
    if not ctx.sessions.check_visitor_token(request.cookies.get(VISITOR_COOKIE), token):
        raise Forbidden("the form's security token is missing or out of date", HINT)
