"""One error shape for the whole API: problem JSON (RFC 9457) with a `hint` saying what to do.

    {"type": "https://fairsift.dev/problems/F503", "title": "Not found", "status": 404,
     "detail": "no application 17", "hint": "List the queue to find its id", "code": "F503"}

Errors a user causes are FairsiftErrors; here they become 4xx problems. Anything else is a bug:
it is logged with its stack trace and the client gets a 500 problem without one.
"""

from __future__ import annotations

from typing import Any

from fairsift.errors import (
    ConfigError,
    FairsiftError,
    InputError,
    ModelError,
    StoreError,
    TooLarge,
    UnsupportedType,
)
from fairsift.errors import (
    Conflict as StateConflict,
)

__all__ = [
    "MAX_ID",
    "BadRequest",
    "Conflict",
    "Forbidden",
    "NotFound",
    "RateLimited",
    "ServiceError",
    "Unauthorized",
    "problem",
    "status_for",
]

TYPE_BASE = "https://fairsift.dev/problems/"
MAX_ID = 2_147_483_647  # ids are 32-bit integers on PostgreSQL


class ServiceError(FairsiftError):
    """An error of the service itself; `status` is its HTTP status."""

    code = "F500"
    status = 400
    title = "Bad request"


class BadRequest(ServiceError):
    code = "F501"


class Unauthorized(ServiceError):
    code = "F502"
    status = 401
    title = "Not signed in"
    default_hint = "Sign in at /login, or send an API token as 'Authorization: Bearer <token>'"


class Forbidden(ServiceError):
    code = "F504"
    status = 403
    title = "Not allowed"
    default_hint = "Ask an admin for a role that covers this queue"


class NotFound(ServiceError):
    code = "F503"
    status = 404
    title = "Not found"


class Conflict(ServiceError):
    code = "F505"
    status = 409
    title = "Conflict"


class RateLimited(ServiceError):
    code = "F506"
    status = 429
    title = "Too many requests"

    def __init__(self, message: str, retry_after: int, hint: str | None = None) -> None:
        super().__init__(message, hint or f"Wait {retry_after} s and try again")
        self.retry_after = retry_after


_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Unavailable",
}


def status_for(error: FairsiftError) -> int:
    """The HTTP status for an error a user can cause."""
    if isinstance(error, ServiceError):
        return error.status
    if isinstance(error, StateConflict):
        return 409
    if isinstance(error, TooLarge):
        return 413
    if isinstance(error, UnsupportedType):
        return 415
    if isinstance(error, InputError | ConfigError):
        return 422
    if isinstance(error, StoreError | ModelError):
        return 503
    return 400


def problem(
    status: int, detail: str, hint: str, code: str | None = None, **extra: Any
) -> dict[str, Any]:
    code = code or f"H{status}"
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "hint": hint,
        "code": code,
    }
    body.update(extra)
    return body
