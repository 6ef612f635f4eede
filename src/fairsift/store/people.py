"""People in the store: users and their roles, API tokens, sign-ins and lockout. Passwords
arrive hashed (fairsift.review.users hashes them with argon2); token secrets are kept only as
their sha256. Every change and every sign-in attempt is in the audit log."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fairsift.errors import ConfigError, Conflict
from fairsift.store import audit
from fairsift.store.base import StoreBase
from fairsift.store.models import utcnow
from fairsift.store.models_review import ApiToken, User

__all__ = ["LOCKOUT", "LOCKOUT_FAILURES", "ROLES", "PeopleMixin", "UserRecord"]

ROLES: Final = ("admin", "reviewer", "auditor")
LOCKOUT_FAILURES: Final = 5
LOCKOUT: Final = timedelta(minutes=15)
TOKEN_PREFIX: Final = "fst_"
LIST_HINT: Final = "List users with `fairsift user list`"


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    role: str
    queues: list[str]
    password_hash: str
    failed_logins: int
    locked_until: datetime | None
    active: bool

    def locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


def _record(row: User) -> UserRecord:
    return UserRecord(
        id=row.id,
        username=row.username,
        role=row.role,
        queues=list(row.queues),
        password_hash=row.password_hash,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        active=row.active,
    )


def _keep_an_admin(session: Session, user: User, what: str) -> None:
    """Refuse to remove or demote the last active admin: nobody could manage people after."""
    others = session.execute(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != user.id)
    ).scalar_one()
    if not others:
        raise Conflict(
            f"cannot {what} {user.username!r}: they are the last active admin",
            "Make another user an admin first",
        )


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode("utf-8")).hexdigest()


class PeopleMixin(StoreBase):
    def add_user(
        self,
        username: str,
        role: str,
        password_hash: str,
        queues: list[str] | None = None,
        actor: str = "system",
    ) -> int:
        """Create a user; returns its id. Queues matter for reviewers only ("applications",
        "reports", "job:<sha256>"). Raises ConfigError for an unknown role or a taken name."""
        if role not in ROLES:
            raise ConfigError(f"unknown role {role!r}", f"Use one of {', '.join(ROLES)}")
        kept = sorted(set(queues or [])) if role == "reviewer" else []
        with self.audited_write() as session:
            taken = session.execute(select(User).where(User.username == username)).scalar()
            if taken is not None and not taken.active:
                raise ConfigError(
                    f"the user {username!r} was removed",
                    f"Reactivate them with `fairsift user reactivate {username}` (or on the "
                    "Users page), or choose another name",
                )
            if taken is not None:
                raise ConfigError(f"the user {username!r} exists already", "Choose another name")
            user = User(
                username=username,
                role=role,
                queues=kept,
                password_hash=password_hash,
                failed_logins=0,
                locked_until=None,
                active=True,
                created_at=utcnow(),
            )
            session.add(user)
            session.flush()
            audit.append(session, "user_add", actor, username, {"role": role, "queues": kept})
            return user.id

    def get_user(self, username: str) -> UserRecord | None:
        with self.read() as session:
            row = session.execute(select(User).where(User.username == username)).scalar()
            return None if row is None else _record(row)

    def list_users(self, limit: int | None = None, offset: int = 0) -> list[UserRecord]:
        """Everyone ever added, by name; `limit` and `offset` page in the database."""
        query = select(User).order_by(User.username).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.read() as session:
            rows = session.execute(query).scalars()
            return [_record(row) for row in rows]

    def count_users(self) -> int:
        """Users ever created, removed ones included: the first-run path (create the first
        admin without signing in) must never reopen because everyone was removed."""
        with self.read() as session:
            return int(session.execute(select(func.count()).select_from(User)).scalar_one())

    def remove_user(self, username: str, actor: str) -> None:
        """Deactivate a user: they can no longer sign in or use their tokens; the audit log
        keeps their history. Raises ConfigError if there is no such active user, Conflict if
        they are the last active admin (nobody could manage users afterwards)."""
        with self.audited_write() as session:
            user = self._active(session, username)
            if user.role == "admin":
                _keep_an_admin(session, user, "remove")
            user.active = False
            audit.append(session, "user_remove", actor, username, {"role": user.role})

    def reactivate_user(self, username: str, actor: str) -> None:
        """Let a removed user sign in again, with a clean failure count. Their old API tokens
        are deleted: reactivating never revives a token handed out before the removal."""
        with self.audited_write() as session:
            user = session.execute(select(User).where(User.username == username)).scalar()
            if user is None:
                raise ConfigError(f"no user {username!r}", LIST_HINT)
            if user.active:
                raise ConfigError(f"{username!r} is active already", LIST_HINT)
            user.active = True
            user.failed_logins = 0
            user.locked_until = None
            session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
            audit.append(session, "user_reactivate", actor, username, {"role": user.role})

    def update_user(self, username: str, role: str, queues: list[str] | None, actor: str) -> None:
        """Change a user's role and queues. Conflict when it would demote the last active
        admin."""
        if role not in ROLES:
            raise ConfigError(f"unknown role {role!r}", f"Use one of {', '.join(ROLES)}")
        kept = sorted(set(queues or [])) if role == "reviewer" else []
        with self.audited_write() as session:
            user = self._active(session, username)
            if user.role == "admin" and role != "admin":
                _keep_an_admin(session, user, "demote")
            before = {"role": user.role, "queues": list(user.queues)}
            user.role = role
            user.queues = kept
            details = {"before": before, "role": role, "queues": kept}
            audit.append(session, "user_update", actor, username, details)

    def unlock_user(self, username: str, actor: str) -> None:
        """End a lockout after failed sign-ins now, rather than in 15 minutes."""
        with self.audited_write() as session:
            user = self._active(session, username)
            user.failed_logins = 0
            user.locked_until = None
            audit.append(session, "user_unlock", actor, username, {})

    def set_password_hash(self, username: str, password_hash: str, actor: str) -> None:
        """Replace a user's password (hashed by the caller); their lockout ends."""
        with self.audited_write() as session:
            user = self._active(session, username)
            user.password_hash = password_hash
            user.failed_logins = 0
            user.locked_until = None
            event = "password_change" if actor == username else "password_reset"
            audit.append(session, event, actor, username, {})

    def list_api_tokens(self, username: str | None = None) -> list[dict[str, object]]:
        """Tokens by user (never their secrets): id, user, label, created."""
        query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
        if username is not None:
            query = query.where(User.username == username)
        with self.read() as session:
            return [
                {
                    "id": token.id,
                    "username": name,
                    "label": token.label,
                    "created_at": token.created_at.isoformat(),
                }
                for token, name in session.execute(query.order_by(ApiToken.id))
            ]

    def revoke_api_token(self, token_id: int, actor: str, owner: str | None = None) -> None:
        """Delete a token (with `owner`, only if it is theirs)."""
        with self.audited_write() as session:
            found = session.execute(
                select(ApiToken, User.username)
                .join(User, User.id == ApiToken.user_id)
                .where(ApiToken.id == token_id)
            ).first()
            if found is None or (owner is not None and found[1] != owner):
                raise ConfigError(f"no token {token_id}", "List the tokens on the account page")
            token, name = found
            session.delete(token)
            audit.append(session, "token_revoke", actor, name, {"label": token.label})

    def _active(self, session: Session, username: str) -> User:
        user = session.execute(select(User).where(User.username == username)).scalar()
        if user is None or not user.active:
            raise ConfigError(f"no active user {username!r}", LIST_HINT)
        return user

    def record_login(self, username: str, ok: bool, client: str) -> None:
        """Record a sign-in attempt (the caller checked the password). Success clears the
        failure count; the fifth failure in a row locks the account for 15 minutes."""
        now = utcnow()
        with self.audited_write() as session:
            user = session.execute(select(User).where(User.username == username)).scalar()
            details: dict[str, object] = {"client": client}
            if user is not None and ok:
                user.failed_logins = 0
                user.locked_until = None
            elif user is not None:
                user.failed_logins += 1
                if user.failed_logins >= LOCKOUT_FAILURES:
                    user.failed_logins = 0
                    user.locked_until = now + LOCKOUT
                    details["locked_until"] = user.locked_until.isoformat()
            elif ok:
                raise ConfigError(f"no user {username!r} to sign in", LIST_HINT)
            else:
                details["unknown_user"] = True
            audit.append(session, "login" if ok else "login_failed", username, username, details)

    def create_api_token(self, username: str, label: str, actor: str) -> str:
        """A new token for an active user; the secret is returned once, only its sha256 kept."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.audited_write() as session:
            user = session.execute(select(User).where(User.username == username)).scalar()
            if user is None or not user.active:
                raise ConfigError(f"no active user {username!r}", LIST_HINT)
            session.add(
                ApiToken(
                    user_id=user.id, label=label, sha256=token_digest(secret), created_at=utcnow()
                )
            )
            audit.append(session, "token_create", actor, username, {"label": label})
        return secret

    def user_for_token(self, secret: str) -> UserRecord | None:
        """The user a token belongs to (check `active` before trusting it), or None."""
        query = (
            select(User)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.sha256 == token_digest(secret))
        )
        with self.read() as session:
            row = session.execute(query).scalar()
            return None if row is None else _record(row)
