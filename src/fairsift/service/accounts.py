"""Signing in to the service, on top of fairsift.review.users (which hashes passwords with
argon2id, counts failures and locks an account after five in a row): rate limits per client,
the first-run path, sessions."""

from __future__ import annotations

from typing import Any

from fairsift.review import users
from fairsift.service.context import Context
from fairsift.service.permissions import ROLES, Principal, require_role
from fairsift.service.problems import Forbidden, ServiceError, Unauthorized
from fairsift.service.sessions import Session
from fairsift.store import Store, UserRecord

__all__ = ["FIRST_RUN_HINT", "FirstRun", "first_run", "login", "me", "user_dict"]

FIRST_RUN_HINT = "Create the first admin: fairsift user add --role admin NAME"


class FirstRun(ServiceError):
    code = "F507"
    status = 409
    title = "No users yet"
    default_hint = FIRST_RUN_HINT


def first_run(store: Store) -> bool:
    """True until the first user was added (removing everyone never reopens it)."""
    return users.needs_first_admin(store)


def user_dict(user: UserRecord) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "queues": list(user.queues),
        "active": user.active,
        "locked": user.locked(),
    }


def login(ctx: Context, username: str, password: str, client: str) -> Session:
    """Check a password and open a session; every attempt is in the audit log."""
    ctx.limiter.hit("login", client, ctx.settings.login_per_minute, 60.0, "sign-in attempts")
    if first_run(ctx.store):
        raise FirstRun("this service has no users yet")
    outcome = users.authenticate(ctx.store, username, password, client)
    if outcome.locked_until is not None:
        raise Forbidden(
            "this account is locked after repeated failed sign-ins",
            f"Wait until {outcome.locked_until:%H:%M} UTC, or ask an admin",
        )
    if outcome.user is None:
        raise Unauthorized("wrong user name or password", "Check both and try again")
    return ctx.sessions.create(outcome.user.username)


def me(who: Principal | None) -> dict[str, Any]:
    who = require_role(who, ROLES, "see your account")
    return {"username": who.username, "role": who.role, "queues": list(who.queues)}
