"""People: signing in, users and tokens, and the first-run path. Functions the API, the pages
and the CLI (`fairsift user add/remove/list`) share."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fairsift.errors import ConfigError
from fairsift.service.context import Context
from fairsift.service.interim import InterimStore as Store
from fairsift.service.interim import UserRecord
from fairsift.service.passwords import hash_password, verify_password
from fairsift.service.permissions import ROLES, Principal, require_role
from fairsift.service.problems import Conflict, Forbidden, NotFound, ServiceError, Unauthorized
from fairsift.service.sessions import Session

__all__ = [
    "FIRST_RUN_HINT",
    "FirstRun",
    "add_user",
    "check_queues",
    "create_token",
    "first_run",
    "list_users",
    "login",
    "remove_user",
    "user_dict",
]

FIRST_RUN_HINT = "Create the first admin: fairsift user add --role admin NAME"
_USERNAME = re.compile(r"^[A-Za-z0-9_.@\-]{1,64}$")
_JOB_QUEUE = re.compile(r"^job:[0-9a-f]{64}$")


class FirstRun(ServiceError):
    code = "F507"
    status = 409
    title = "No users yet"
    default_hint = FIRST_RUN_HINT


def first_run(store: Store) -> bool:
    """True while the service has no users at all."""
    return store.count_users() == 0


def check_queues(role: str, queues: list[str]) -> list[str]:
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r}", "Use admin, reviewer or auditor")
    if role != "reviewer":
        return []
    cleaned = []
    for queue in queues:
        q = queue.strip()
        if q not in ("applications", "reports") and not _JOB_QUEUE.match(q):
            raise ConfigError(
                f"unknown queue {queue!r}",
                "Use applications, reports, or job:<sha256 of the job> (see /api/jobs)",
            )
        cleaned.append(q)
    if not cleaned:
        raise ConfigError(
            "a reviewer needs at least one queue",
            "Give --queue applications, --queue reports or --queue job:<sha256>",
        )
    return sorted(set(cleaned))


def add_user(
    store: Store,
    username: str,
    role: str,
    password: str,
    queues: list[str] | None = None,
    actor: str = "cli",
) -> int:
    """Create a user (the first one should be an admin). Raises ConfigError on a bad name,
    role, queue or short password, Conflict if the name is taken."""
    if not _USERNAME.match(username):
        raise ConfigError(
            f"{username!r} is not a valid user name",
            "Use 1 to 64 letters, digits, dots, dashes, underscores or @",
        )
    clean = check_queues(role, list(queues or []))
    if store.get_user(username) is not None:
        raise Conflict(f"the user {username!r} exists already", "Choose another name")
    return store.add_user(username, role, hash_password(password), clean, actor)


def remove_user(store: Store, username: str, actor: str = "cli") -> None:
    """Deactivate a user (history in the audit log is kept)."""
    user = store.get_user(username)
    if user is None or not user.active:
        raise NotFound(f"no active user {username!r}", "List users with `fairsift user list`")
    store.remove_user(username, actor)


def list_users(store: Store) -> list[dict[str, Any]]:
    return [user_dict(u) for u in store.list_users()]


def create_token(store: Store, username: str, label: str, actor: str = "cli") -> str:
    """A new API token for `username`; the secret is returned once and stored only hashed."""
    user = store.get_user(username)
    if user is None or not user.active:
        raise NotFound(f"no active user {username!r}", "List users with `fairsift user list`")
    return store.create_api_token(username, label, actor)


def user_dict(user: UserRecord) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "queues": list(user.queues),
        "active": user.active,
        "locked": _locked(user),
    }


def _locked(user: UserRecord) -> bool:
    return user.locked_until is not None and user.locked_until > datetime.now(UTC)


def login(ctx: Context, username: str, password: str, client: str) -> Session:
    """Check a password (argon2id) and open a session. Five failures lock the account for
    15 minutes; every attempt is in the audit log."""
    ctx.limiter.hit("login", client, ctx.settings.login_per_minute, 60.0, "sign-in attempts")
    if first_run(ctx.store):
        raise FirstRun("this service has no users yet")
    name = username.strip()[:200]
    user = ctx.store.get_user(name)
    if user is not None and _locked(user):
        ctx.store.record_login(name, False, client)
        raise Forbidden(
            "this account is locked after repeated failed sign-ins",
            "Wait 15 minutes, or ask an admin to unlock it",
        )
    known = user is not None and user.active
    ok = verify_password(user.password_hash if known and user else None, password)
    ctx.store.record_login(name, ok, client)
    if not ok:
        raise Unauthorized("wrong user name or password", "Check both and try again")
    return ctx.sessions.create(name)


def me(who: Principal | None) -> dict[str, Any]:
    who = require_role(who, ROLES, "see your account")
    return {"username": who.username, "role": who.role, "queues": list(who.queues)}
