"""People who use fairsift: add, remove and list them, check a password, and the first-run
question (is there anyone yet?). Passwords are hashed with argon2id (argon2-cffi's defaults,
RFC 9106's low-memory choice); the store never sees a password, only its hash.

The functions behind `fairsift user add/remove/list`; the service signs people in with
`authenticate`, which counts failures and locks an account after five in a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fairsift.errors import ConfigError
from fairsift.store import Store
from fairsift.store.people import ROLES, UserRecord

__all__ = [
    "MIN_PASSWORD",
    "ROLES",
    "SignIn",
    "add_user",
    "authenticate",
    "check_name_free",
    "check_queues",
    "check_username",
    "create_token",
    "hash_password",
    "list_users",
    "needs_first_admin",
    "reactivate_user",
    "remove_user",
    "set_password",
    "update_user",
    "verify_password",
]

MIN_PASSWORD: Final = 12
MAX_PASSWORD: Final = 1024  # argon2 takes any length; a cap keeps sign-in cheap to attack
_USERNAME: Final = re.compile(r"^[A-Za-z0-9_.@\-]{1,64}$")
_JOB_QUEUE: Final = re.compile(r"^job:[0-9a-f]{64}$")
_hasher: Final = PasswordHasher()
# Checked when the user does not exist, so an unknown name takes as long as a wrong password.
_DUMMY: Final = _hasher.hash("fairsift: not anyone's password")


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: `user` when it succeeded; `locked_until` when the account
    is locked (then the password was not even checked)."""

    user: UserRecord | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def hash_password(password: str) -> str:
    """An argon2id hash of a password long enough to resist guessing."""
    if len(password) < MIN_PASSWORD:
        raise ConfigError(
            f"the password has {len(password)} characters; at least {MIN_PASSWORD} are needed",
            "Choose a longer passphrase (several words are easy to remember)",
        )
    if len(password) > MAX_PASSWORD:
        raise ConfigError(
            f"the password has {len(password):,} characters; at most {MAX_PASSWORD} are accepted",
            "Choose a shorter passphrase",
        )
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches `password_hash`; None (no such user) costs the same time."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        matched = _hasher.verify(password_hash or _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


def check_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.match(name):
        raise ConfigError(
            f"{username!r} is not a valid user name",
            "Use 1 to 64 letters, digits, dots, dashes, underscores or @",
        )
    return name


def check_queues(role: str, queues: list[str] | None) -> list[str]:
    """The queues a reviewer covers, checked and sorted; admins and auditors get none."""
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r}", f"Use one of: {', '.join(ROLES)}")
    if role != "reviewer":
        return []
    cleaned = {queue.strip() for queue in queues or []}
    for queue in sorted(cleaned):
        if queue not in ("applications", "reports") and not _JOB_QUEUE.match(queue):
            raise ConfigError(
                f"unknown queue {queue!r}",
                "Use applications, reports, or job:<sha256 of the job>",
            )
    if not cleaned:
        raise ConfigError(
            "a reviewer needs at least one queue",
            "Give --queue applications, --queue reports or --queue job:<sha256>",
        )
    return sorted(cleaned)


def needs_first_admin(store: Store) -> bool:
    """True while nobody was ever added: the first-run path creates the first admin."""
    return store.count_users() == 0


def check_name_free(store: Store, username: str) -> None:
    """ConfigError when the name is taken; for a removed user, saying how to reactivate."""
    name = check_username(username)
    known = store.get_user(name)
    if known is not None and not known.active:
        raise ConfigError(
            f"the user {name!r} was removed",
            f"Reactivate them with `fairsift user reactivate {name}` (or on the Users page), "
            "or choose another name",
        )
    if known is not None:
        raise ConfigError(f"the user {name!r} exists already", "Choose another name")


def add_user(
    store: Store,
    username: str,
    role: str,
    password: str,
    queues: list[str] | None = None,
    actor: str = "cli",
) -> int:
    """Add a user; returns its id. Raises ConfigError for a bad name, role, queue or
    password, or a name that is taken."""
    name = check_username(username)
    kept = check_queues(role, queues)
    return store.add_user(name, role, hash_password(password), kept, actor)


def remove_user(store: Store, username: str, actor: str = "cli") -> None:
    """Deactivate a user (their history stays in the audit log)."""
    store.remove_user(username.strip(), actor)


def reactivate_user(store: Store, username: str, actor: str = "cli") -> None:
    """Let a removed user sign in again (with their old password; tokens are not revived)."""
    store.reactivate_user(username.strip(), actor)


def update_user(
    store: Store, username: str, role: str, queues: list[str] | None, actor: str = "cli"
) -> None:
    """Change a user's role and queues; the last active admin cannot be demoted (Conflict)."""
    store.update_user(username.strip(), role, check_queues(role, queues), actor)


def set_password(
    store: Store, username: str, password: str, actor: str, current: str | None = None
) -> None:
    """Set a new password. With `current` (a person changing their own), it must match."""
    if current is not None:
        user = store.get_user(username)
        if user is None or not verify_password(user.password_hash, current):
            raise ConfigError("the current password is not right", "Type your current password")
    store.set_password_hash(username.strip(), hash_password(password), actor)


def list_users(store: Store, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Everyone ever added, by name: role, queues, whether active and whether locked
    (`limit` and `offset` page it; `store.count_users()` says how many in all)."""
    return [
        {
            "username": user.username,
            "role": user.role,
            "queues": list(user.queues),
            "active": user.active,
            "locked": user.locked(),
        }
        for user in store.list_users(limit, offset)
    ]


def create_token(store: Store, username: str, label: str, actor: str = "cli") -> str:
    """A new API token for an active user; the secret is shown once, only its hash kept."""
    return store.create_api_token(username.strip(), label.strip() or "token", actor)


def authenticate(store: Store, username: str, password: str, client: str) -> SignIn:
    """Check a password and record the attempt (audit log either way). A locked account is
    refused without checking; the fifth failure in a row locks it for 15 minutes."""
    name = username.strip()[:200]
    user = store.get_user(name)
    if user is not None and user.locked():
        store.record_login(name, False, client)
        return SignIn(None, user.locked_until)
    usable = user is not None and user.active
    ok = verify_password(user.password_hash if usable and user else None, password)
    store.record_login(name, ok, client)
    if not ok:
        after = store.get_user(name) if user is not None else None
        return SignIn(None, after.locked_until if after and after.locked() else None)
    return SignIn(user)
